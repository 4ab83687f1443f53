package org.kiste.nextcloud.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;
import org.kiste.testing.Dav;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * The limits of a bulk upload (parts, header bytes of a part, body bytes), on a server of their own with small
 * limits, and the refusals told on the request's headers alone (no login, a body announced too large), which come
 * before any {@code 100 Continue}.
 */
class BulkUploadLimitsTest {
    private static KisteServer small;
    private static String base;
    private final TestServer ts = TestServer.get();

    @BeforeAll
    static void start() throws Exception {
        KisteConfig cfg = KisteConfig.from(new Settings(
                Map.of(
                        "port", "0",
                        "bind", "127.0.0.1",
                        "data", TestServer.get().dataDir.toString(),
                        "bulk.max-parts", "2",
                        "bulk.max-part-headers", "512",
                        "bulk.max-bytes", "64K"),
                Map.of()));
        small = new KisteServer(TestServer.get().backend, cfg);
        small.start();
        base = "http://127.0.0.1:" + small.port();
    }

    @AfterAll
    static void stop() {
        small.stop();
    }

    private Dav user(String prefix) {
        String login = ts.newUser(prefix);
        return new Dav(base, login, "pw-" + login);
    }

    @Test
    void morePartsThanAllowedEndTheRequestAfterTheAllowedOnes() {
        Dav dav = user("bulkn");
        HttpResponse<byte[]> r = BulkBody.post(
                dav,
                new BulkBody()
                        .file("/1.txt", "1")
                        .file("/2.txt", "2")
                        .file("/3.txt", "3")
                        .close());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode answer = BulkBody.json(r);
        assertThat(answer.get("/1.txt").get("error").asBoolean()).isFalse();
        assertThat(answer.get("/2.txt").get("error").asBoolean()).isFalse();
        assertThat(dav.get("2.txt").body()).isEqualTo("2");
        assertThat(dav.get("3.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void partHeadersLongerThanAllowedAreRefused() {
        Dav dav = user("bulkhd");
        byte[] c = "c".getBytes();
        BulkBody b = new BulkBody();
        b.part(
                c,
                "Content-Length: 1",
                "X-File-MD5: " + BulkBody.md5(c),
                "X-Padding: " + "p".repeat(600),
                "X-File-Path: /padded.txt");
        assertThat(BulkBody.post(dav, b.close()).statusCode()).isEqualTo(400);
        assertThat(dav.get("padded.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyAnnouncedTooLargeIsRefusedBeforeItIsRead() throws IOException {
        String login = ts.newUser("bulkbig");
        try (Socket s = socket()) {
            s.getOutputStream().write(head(basic(login), 1L << 30, "Expect: 100-continue\r\n"));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aChunkedBodyPastTheLimitIsCutOffAt413() {
        String login = ts.newUser("bulkch");
        Dav dav = new Dav(base, login, "pw-" + login);
        byte[] big = new byte[40 * 1024];
        byte[] body = new BulkBody().file("/a.bin", big).file("/b.bin", big).close();
        RawHttp.Answer a = RawHttp.sendChunked(
                base,
                "POST",
                "/remote.php/dav/bulk",
                dav.authorization(),
                List.of(body),
                "Content-Type: " + BulkBody.TYPE);
        assertThat(a.status()).isEqualTo(413);
        assertThat(dav.get("a.bin").statusCode()).isEqualTo(200);
        assertThat(dav.get("b.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void noLoginIs401BeforeTheBody() throws IOException {
        try (Socket s = socket()) {
            s.getOutputStream().write(head(null, 1L << 20, "Expect: 100-continue\r\n"));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
        }
        try (Socket s = socket()) {
            s.getOutputStream().write(head(basic("nobody-here"), 1L << 20, "Expect: 100-continue\r\n"));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
        }
        // a client that sends its body at once reads the same answer
        RawHttp.Answer a = RawHttp.send(
                base,
                "POST",
                "/remote.php/dav/bulk",
                null,
                new String(new BulkBody().file("/x.txt", "x").close(), StandardCharsets.UTF_8),
                "Content-Type: " + BulkBody.TYPE);
        assertThat(a.status()).isEqualTo(401);
    }

    private static byte[] head(String authorization, long length, String extra) {
        return ("POST /remote.php/dav/bulk HTTP/1.1\r\nHost: x\r\n"
                        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                        + "Content-Type: " + BulkBody.TYPE + "\r\nContent-Length: " + length + "\r\n" + extra + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String basic(String login) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((login + ":pw-" + login).getBytes(StandardCharsets.UTF_8));
    }

    private static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", small.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** The first line the server answers; a {@code 100 Continue} would come first if the body had been asked for. */
    private static String statusLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            line.append((char) b);
        }
        return line.toString().trim();
    }
}
