package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.TestServer;

/**
 * One h2c connection (prior knowledge, raw frames) cannot run more requests at once than http.h2.max-streams: the
 * server announces the bound and refuses the streams beyond it while the first ones wait for their bodies.
 */
class H2cStreamBoundTest {
    private static final int BOUND = 4;
    private static KisteServer server;

    @BeforeAll
    static void start() throws Exception {
        TestServer shared = TestServer.get();
        server = new KisteServer(
                shared.backend,
                KisteConfig.from(new Settings(
                        Map.of(
                                "port",
                                "0",
                                "bind",
                                "127.0.0.1",
                                "data",
                                shared.dataDir.toString(),
                                "http.h2.max-streams",
                                Integer.toString(BOUND)),
                        Map.of())));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void oneConnectionRunsAtMostTheBoundOfRequests() throws Exception {
        String login = TestServer.get().newUser("h2");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, 4, 0, 0, new byte[0]);
            long announced = -1;
            for (int i = 0; i < 10 && announced < 0; i++) {
                Frame f = Frame.read(in);
                if (f.type == 4 && (f.flags & 1) == 0) {
                    for (int p = 0; p + 6 <= f.payload.length; p += 6) {
                        int id = ((f.payload[p] & 0xff) << 8) | (f.payload[p + 1] & 0xff);
                        if (id == 3) {
                            announced = ((long) (f.payload[p + 2] & 0xff) << 24)
                                    | ((f.payload[p + 3] & 0xff) << 16)
                                    | ((f.payload[p + 4] & 0xff) << 8)
                                    | (f.payload[p + 5] & 0xff);
                        }
                    }
                    frame(out, 4, 1, 0, new byte[0]);
                }
            }
            assertThat(announced).isEqualTo(BOUND);

            // twice the bound of uploads whose bodies never come: each started one holds a worker reading
            int streams = 2 * BOUND;
            for (int i = 0; i < streams; i++) {
                frame(out, 1, 4, 1 + 2 * i, putHeaders(login, "h2-" + i + ".bin"));
            }
            Set<Integer> refused = new HashSet<>();
            Set<Integer> answered = new HashSet<>();
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                Frame f;
                try {
                    f = Frame.read(in);
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                if (f.type == 3) {
                    refused.add(f.stream);
                } else if (f.type == 1) {
                    answered.add(f.stream);
                }
            }
            assertThat(refused).hasSize(streams - BOUND);
            assertThat(answered).isEmpty();
        }
    }

    private static byte[] putHeaders(String login, String name) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        literal(h, 2, "PUT"); // :method
        h.write(0x86); // :scheme http
        literal(h, 4, "/remote.php/dav/files/" + login + "/" + name); // :path
        literal(h, 1, "x"); // :authority
        literal(
                h,
                23,
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((login + ":pw-" + login).getBytes(StandardCharsets.UTF_8)));
        literal(h, 28, "100000"); // content-length
        return h.toByteArray();
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

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
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

    private record Frame(int type, int flags, int stream, byte[] payload) {
        static Frame read(DataInputStream in) throws IOException {
            byte[] head = new byte[9];
            in.readFully(head);
            int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
            int stream =
                    ((head[5] & 0x7f) << 24) | ((head[6] & 0xff) << 16) | ((head[7] & 0xff) << 8) | (head[8] & 0xff);
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(head[3], head[4] & 0xff, stream, payload);
        }
    }
}
