package org.kiste.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Downloads of more than 64 KiB, which a plain connection sends from the stored file by {@code sendfile}: whole bodies
 * and ranges across the 64 MiB windows they are sent in, over HTTP/1.1 and h2c, to a client that reads slowly, a file
 * cut short on disk while it is being sent, and the same bytes from the mapped pages when sendfile is off.
 */
class BigDownloadTest {
    private static final int WINDOW = 64 * 1024 * 1024;

    private static Dav dav;
    private static byte[] big;

    @BeforeAll
    static void files() {
        TestServer s = TestServer.get();
        dav = s.dav(s.newUser("bigget")).in("b");
        big = random(WINDOW + 777_777, 1);
        assertThat(dav.sendBytes("PUT", dav.url("big.bin"), big).statusCode()).isEqualTo(201);
    }

    @Test
    void wholeBodiesAndRangesAcrossWindowsAreTheStoredBytes() throws Exception {
        HttpResponse<InputStream> whole = get(HttpClient.Version.HTTP_1_1, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(sha256(whole.body())).isEqualTo(sha256(big));

        for (long[] r : List.of(
                new long[] {WINDOW - 1000, WINDOW + 1000},
                new long[] {0, WINDOW},
                new long[] {WINDOW + 5, big.length - 1},
                new long[] {1, big.length - 2})) {
            HttpResponse<byte[]> part =
                    dav.sendBytes("GET", dav.url("big.bin"), null, "Range", "bytes=" + r[0] + "-" + r[1]);
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(Arrays.equals(part.body(), Arrays.copyOfRange(big, (int) r[0], (int) r[1] + 1)))
                    .as("bytes %d-%d", r[0], r[1])
                    .isTrue();
        }
        HttpResponse<byte[]> suffix = dav.sendBytes("GET", dav.url("big.bin"), null, "Range", "bytes=-3000000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(big, big.length - 3_000_000, big.length));
    }

    @Test
    void aMiddleSizedBodyAndItsRangesAreTheStoredBytes() {
        byte[] mid = random(300_001, 5);
        assertThat(dav.sendBytes("PUT", dav.url("300k.bin"), mid).statusCode()).isEqualTo(201);
        assertThat(dav.sendBytes("GET", dav.url("300k.bin"), null).body()).isEqualTo(mid);
        HttpResponse<byte[]> part = dav.sendBytes("GET", dav.url("300k.bin"), null, "Range", "bytes=65536-200000");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(mid, 65536, 200001));
        HttpResponse<byte[]> suffix = dav.sendBytes("GET", dav.url("300k.bin"), null, "Range", "bytes=-70000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(mid, mid.length - 70000, mid.length));
    }

    @Test
    void h2cGetsTheSameBytes() throws Exception {
        HttpResponse<InputStream> whole = get(HttpClient.Version.HTTP_2, null);
        assertThat(whole.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(sha256(whole.body())).isEqualTo(sha256(big));
        HttpResponse<InputStream> part =
                get(HttpClient.Version.HTTP_2, "bytes=" + (WINDOW - 9) + "-" + (WINDOW + 700_000));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body().readAllBytes()).isEqualTo(Arrays.copyOfRange(big, WINDOW - 9, WINDOW + 700_001));
    }

    @Test
    void withSendfileOffTheMappedPagesGiveTheSameBytes() throws Exception {
        KisteServer plain = sendfileOff();
        try {
            String url = dav.url("big.bin").replace(TestServer.get().baseUrl, "http://127.0.0.1:" + plain.port());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", dav.authorization());
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<InputStream> whole = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(sha256(whole.body())).isEqualTo(sha256(big));
            HttpResponse<byte[]> part = client.send(
                    b.header("Range", "bytes=" + (WINDOW - 3) + "-" + (WINDOW + 3))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(big, WINDOW - 3, WINDOW + 4));
        } finally {
            plain.stop();
        }
    }

    @Test
    void aSlowReaderGetsEveryByteAndItsConnectionAnswersTheNextRequest() throws Exception {
        byte[] mid = random(6 * 1024 * 1024 + 3, 2);
        assertThat(dav.sendBytes("PUT", dav.url("mid.bin"), mid).statusCode()).isEqualTo(201);
        try (Socket socket = slowSocket(URI.create(TestServer.get().baseUrl).getPort())) {
            request(socket, "mid.bin", null);
            InputStream in = socket.getInputStream();
            assertThat(head(in)).startsWith("HTTP/1.1 200").contains("Content-Length: " + mid.length);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (got.size() < mid.length) {
                int n = in.read(buf, 0, Math.min(buf.length, mid.length - got.size()));
                assertThat(n).as("the body ended after %d bytes", got.size()).isPositive();
                got.write(buf, 0, n);
                if (got.size() % (512 * 1024) < n) {
                    Thread.sleep(20);
                }
            }
            assertThat(got.toByteArray()).isEqualTo(mid);

            request(socket, "mid.bin", "bytes=4194300-4194309");
            String next = head(in);
            assertThat(next).startsWith("HTTP/1.1 206").contains("Content-Length: 10");
            assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOfRange(mid, 4194300, 4194310));
        }
    }

    @Test
    void aFileCutShortWhileItIsSentEndsTheAnswerInsteadOfHanging() throws Exception {
        cutWhileSent(URI.create(TestServer.get().baseUrl).getPort(), "cut.bin", 3);
    }

    @Test
    void withSendfileOffAFileCutShortWhileItIsSentEndsTheAnswerToo() throws Exception {
        KisteServer plain = sendfileOff();
        try {
            cutWhileSent(plain.port(), "cut-mapped.bin", 4);
        } finally {
            plain.stop();
        }
    }

    /** A slow download of a file that is cut to nothing on disk meanwhile: the connection ends, the server goes on. */
    private static void cutWhileSent(int port, String name, long seed) throws Exception {
        byte[] cut = random(12 * 1024 * 1024 + 4321 + (int) seed, seed);
        assertThat(dav.sendBytes("PUT", dav.url(name), cut).statusCode()).isEqualTo(201);
        Path blob = blobOfSize(cut.length);
        try (Socket socket = slowSocket(port)) {
            request(socket, name, null);
            InputStream in = socket.getInputStream();
            assertThat(head(in)).startsWith("HTTP/1.1 200");
            long read = in.readNBytes(64 * 1024).length;
            try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            socket.setSoTimeout(20_000);
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    read += n;
                }
            } catch (SocketException reset) {
                // a connection reset ends the answer as well as a close
            }
            assertThat(read).isLessThan(cut.length);
        } finally {
            Files.write(blob, cut);
        }
        HttpResponse<byte[]> again = dav.sendBytes("GET", dav.url(name), null, "Range", "bytes=0-99");
        assertThat(again.body()).isEqualTo(Arrays.copyOf(cut, 100));
    }

    /** A second server on the shared backend, its plain port without sendfile; the caller stops it. */
    private static KisteServer sendfileOff() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("port", "0");
        settings.put("bind", "127.0.0.1");
        settings.put("data", TestServer.get().dataDir.toString());
        settings.put("http.sendfile", "false");
        KisteServer plain =
                new KisteServer(TestServer.get().backend, KisteConfig.from(new Settings(settings, Map.of())));
        plain.start();
        return plain;
    }

    private static HttpResponse<InputStream> get(HttpClient.Version version, String range) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dav.url("big.bin")))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", dav.authorization());
        if (range != null) {
            b.header("Range", range);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A connection that takes little at a time, so the server finds its socket full and waits. */
    private static Socket slowSocket(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(32 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static void request(Socket socket, String name, String range) throws IOException {
        URI u = URI.create(dav.url(name));
        String head = "GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                + "\r\nAuthorization: " + dav.authorization() + "\r\n"
                + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer's head ended early").isNotNegative();
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Path blobOfSize(long size) throws IOException {
        try (Stream<Path> files = Files.walk(TestServer.get().dataDir)) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(p -> {
                        try {
                            return Files.size(p) == size;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed * 7919 + System.nanoTime()).nextBytes(b);
        return b;
    }

    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
