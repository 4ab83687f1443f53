package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An HTTP/2 connection with prior knowledge over plain TCP (or over TLS), written frame by frame: the preface and SETTINGS
 * exchange, request heads in HPACK literals (no Huffman coding, no table), and frames as they come back.
 */
final class H2cConnection implements Closeable {
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int GOAWAY = 7;

    final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    /** SETTINGS_MAX_CONCURRENT_STREAMS as the server announced it, or -1. */
    final long maxStreams;

    H2cConnection(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a connected socket, e.g. TLS that negotiated h2 by ALPN. */
    H2cConnection(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(3000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        long announced = -1;
        for (int i = 0; i < 10; i++) {
            Frame f = read();
            if (f.type == SETTINGS && (f.flags & 1) == 0) {
                for (int p = 0; p + 6 <= f.payload.length; p += 6) {
                    int id = ((f.payload[p] & 0xff) << 8) | (f.payload[p + 1] & 0xff);
                    if (id == 3) {
                        announced = ((long) (f.payload[p + 2] & 0xff) << 24)
                                | ((f.payload[p + 3] & 0xff) << 16)
                                | ((f.payload[p + 4] & 0xff) << 8)
                                | (f.payload[p + 5] & 0xff);
                    }
                }
                frame(SETTINGS, 1, 0, new byte[0]);
                break;
            }
        }
        maxStreams = announced;
    }

    /** The head of a request: method, path, and the other fields as name index (static table) and value. */
    static byte[] head(String method, String path, Object... fields) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        literal(h, 2, method); // :method
        h.write(0x86); // :scheme http
        literal(h, 4, path); // :path
        literal(h, 1, "x"); // :authority
        for (int i = 0; i + 1 < fields.length; i += 2) {
            literal(h, (Integer) fields[i], (String) fields[i + 1]);
        }
        return h.toByteArray();
    }

    /** The head of an authenticated PUT announcing {@code length} bytes. */
    static byte[] putHead(String login, String name, long length) {
        return head(
                "PUT",
                "/remote.php/dav/files/" + login + "/" + name,
                23,
                "Basic "
                        + Base64.getEncoder().encodeToString((login + ":pw-" + login).getBytes(StandardCharsets.UTF_8)),
                28,
                Long.toString(length));
    }

    /** HPACK literal without indexing, name from the static table, value short and not Huffman coded. */
    private static void literal(ByteArrayOutputStream h, int nameIndex, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        assertThat(nameIndex).isLessThan(15 + 127);
        assertThat(v.length).isLessThan(127);
        if (nameIndex < 15) {
            h.write(nameIndex);
        } else {
            h.write(15);
            h.write(nameIndex - 15);
        }
        h.write(v.length);
        h.writeBytes(v);
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {
            (byte) (payload.length >> 16),
            (byte) (payload.length >> 8),
            (byte) payload.length,
            (byte) type,
            (byte) flags,
            (byte) (stream >> 24),
            (byte) (stream >> 16),
            (byte) (stream >> 8),
            (byte) stream
        };
        out.write(head);
        out.write(payload);
        out.flush();
    }

    Frame read() throws IOException {
        byte[] head = new byte[9];
        in.readFully(head);
        int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
        int stream = ((head[5] & 0x7f) << 24) | ((head[6] & 0xff) << 16) | ((head[7] & 0xff) << 8) | (head[8] & 0xff);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(head[3], head[4] & 0xff, stream, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Frame(int type, int flags, int stream, byte[] payload) {
        /** A response head's status when the server sent it from the static table (200, 204, 400, 404, 500 …). */
        int indexedStatus() {
            if (type != HEADERS || payload.length == 0) {
                return -1;
            }
            int at = 0;
            // a dynamic table size update (RFC 7541 §6.3) may open the first head of a connection
            if ((payload[0] & 0xe0) == 0x20) {
                at = 1;
                if ((payload[0] & 0x1f) == 0x1f) {
                    while (at < payload.length && (payload[at] & 0x80) != 0) {
                        at++;
                    }
                    at++;
                }
            }
            if (at >= payload.length) {
                return -1;
            }
            return switch (payload[at] & 0xff) {
                case 0x88 -> 200;
                case 0x89 -> 204;
                case 0x8a -> 206;
                case 0x8b -> 304;
                case 0x8c -> 400;
                case 0x8d -> 404;
                case 0x8e -> 500;
                default -> -1;
            };
        }
    }
}
