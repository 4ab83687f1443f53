package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.TestServer;

/**
 * Clients that trickle their request heads or bodies, or send a large body the server refuses, are answered and
 * closed within bounds (a server with a 2 s header deadline and a 1 KiB/s minimum over 2 s).
 */
class SlowClientTest {
    private static KisteServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        TestServer shared = TestServer.get();
        KisteConfig cfg = KisteConfig.from(new Settings(
                Map.of(
                        "port",
                        "0",
                        "bind",
                        "127.0.0.1",
                        "data",
                        shared.dataDir.toString(),
                        "http.header-timeout",
                        "2",
                        "http.min-body-rate",
                        "1024",
                        "http.body-rate-window",
                        "2",
                        "http.discard-kib",
                        "64"),
                Map.of()));
        server = new KisteServer(shared.backend, cfg);
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aHeadTrickledByteByByteIsClosedAtTheHeaderDeadline() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write("GET /status.php HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(trickleUntilClosed(s, 15_000)).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
        }
    }

    @Test
    void aBodyTrickledBelowTheMinimumRateIsClosed() throws Exception {
        String login = TestServer.get().newUser("slow");
        try (Socket s = socket()) {
            s.getOutputStream()
                    .write(("PUT /remote.php/dav/files/" + login + "/slow.bin HTTP/1.1\r\nHost: x\r\n"
                                    + "Authorization: " + basic(login) + "\r\nContent-Length: 100000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(trickleUntilClosed(s, 20_000)).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(12_000);
        }
    }

    @Test
    void anUnauthenticatedPutOfAGibibyteIsAnsweredAndClosedWithoutReadingItsBody() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = socket();
                sockets.add(s);
                s.getOutputStream().write(bigPut("").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(new byte[4096]);
            }
            for (Socket s : sockets) {
                assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
            }
            // while they are open, the server still answers
            try (Socket probe = socket()) {
                probe.getOutputStream()
                        .write("GET /status.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                assertThat(statusLine(probe)).startsWith("HTTP/1.1 200");
            }
            long start = System.nanoTime();
            for (Socket s : sockets) {
                assertThat(writeUntilClosed(s, 15_000)).isTrue();
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void aRefusedPutIsClosedAfterAtMostTheDiscardBoundOfItsBody() throws Exception {
        long announced = 256L << 20;
        long[] written = {0};
        boolean[] cut = {false};
        try (Socket s = socket()) {
            s.getOutputStream()
                    .write(("PUT /remote.php/dav/files/nobody/huge.bin HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                    + announced + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            Thread sender = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    while (written[0] < announced) {
                        s.getOutputStream().write(block);
                        written[0] += block.length;
                    }
                } catch (IOException closed) {
                    cut[0] = true;
                }
            });
            sender.start();
            assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
            assertThat(head(s)).contains("Connection: close");
            sender.join(15_000);
            assertThat(sender.isAlive()).isFalse();
        }
        // what the client could write is what the server read (at most the 64 KiB bound here) plus what the
        // sockets' buffers hold, far below the announced length
        assertThat(cut[0]).isTrue();
        assertThat(written[0]).isLessThan(announced / 4);
    }

    @Test
    void aFirstSmallPutWithoutCredentialsSeesItsChallengeAndTheRetryIsStored() throws Exception {
        String login = TestServer.get().newUser("retry");
        String body = "x".repeat(20_000);
        String head = "PUT /remote.php/dav/files/" + login + "/first.txt HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + body.length() + "\r\n";
        try (Socket s = socket()) {
            s.getOutputStream().write((head + "\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
        }
        try (Socket s = socket()) {
            s.getOutputStream()
                    .write((head + "Authorization: " + basic(login) + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    void aRequestRefusedOnItsHeadersGetsNoContinue() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(bigPut("Expect: 100-continue\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void aClientStillSendingItsBodyReadsThe401() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(bigPut("").getBytes(StandardCharsets.US_ASCII));
            Thread sender = new Thread(() -> {
                byte[] block = new byte[16 * 1024];
                long end = System.nanoTime() + 10_000_000_000L;
                try {
                    while (System.nanoTime() < end) {
                        s.getOutputStream().write(block);
                    }
                } catch (IOException closed) {
                    // the server closed after its answer
                }
            });
            sender.start();
            assertThat(statusLine(s)).startsWith("HTTP/1.1 401");
            sender.join(15_000);
            assertThat(sender.isAlive()).isFalse();
        }
    }

    @Test
    void aPutLongerThanTheQuotaGets507WithoutContinue() throws Exception {
        TestServer ts = TestServer.get();
        String login = ts.newUser("slowq");
        ts.users().setQuota(login, 1 << 20);
        Thread.sleep(1100); // quota changes reach the files core within a second
        try (Socket s = socket()) {
            s.getOutputStream()
                    .write(("PUT /remote.php/dav/files/" + login + "/big.bin HTTP/1.1\r\nHost: x\r\n"
                                    + "Authorization: " + basic(login) + "\r\nContent-Length: 1073741824\r\n"
                                    + "Expect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 507");
        }
    }

    @Test
    void aBodyAfterItsContinueMayTakeLongerThanTheHeaderDeadline() throws Exception {
        String login = TestServer.get().newUser("steady");
        int length = 600 * 1024;
        try (Socket s = socket()) {
            s.getOutputStream()
                    .write(("PUT /remote.php/dav/files/" + login + "/steady.bin HTTP/1.1\r\nHost: x\r\n"
                                    + "Authorization: " + basic(login) + "\r\nContent-Length: " + length + "\r\n"
                                    + "Expect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(s)).startsWith("HTTP/1.1 100");
            assertThat(statusLine(s)).isEmpty();
            // 20 KiB every 100 ms (far above the minimum rate) for 3 s, longer than the 2 s header deadline
            byte[] block = new byte[20 * 1024];
            for (int sent = 0; sent < length; sent += block.length) {
                s.getOutputStream().write(block);
                Thread.sleep(100);
            }
            assertThat(statusLine(s)).startsWith("HTTP/1.1 201");
        }
    }

    private static String bigPut(String extra) {
        return "PUT /remote.php/dav/files/nobody/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n" + extra
                + "\r\n";
    }

    private static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":pw-" + login).getBytes(StandardCharsets.UTF_8));
    }

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

    /** The rest of an answer's head, after its status line. */
    private static String head(Socket s) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String line = statusLine(s);
            if (line.isEmpty()) {
                break;
            }
            head.append(line).append('\n');
        }
        return head.toString();
    }

    /** Sends one byte every 200 ms until the server closes the connection or the time is up. */
    private static boolean trickleUntilClosed(Socket s, long maxMillis) throws Exception {
        s.setSoTimeout(200);
        long end = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                s.getOutputStream().write('a');
                s.getOutputStream().flush();
            } catch (IOException closed) {
                return true;
            }
            try {
                int b = s.getInputStream().read();
                if (b < 0) {
                    return true;
                }
                s.getInputStream().skip(s.getInputStream().available());
            } catch (SocketTimeoutException quiet) {
                // still open
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /** Keeps sending body bytes (what a client does that did not wait for the answer) until the server closes. */
    private static boolean writeUntilClosed(Socket s, long maxMillis) throws Exception {
        s.setSoTimeout(50);
        byte[] block = new byte[1024];
        long end = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                s.getOutputStream().write(block);
            } catch (IOException closed) {
                return true;
            }
            try {
                if (s.getInputStream().read(new byte[4096]) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException quiet) {
                // still open
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }
}
