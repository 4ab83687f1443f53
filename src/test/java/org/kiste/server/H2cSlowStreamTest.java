package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * The minimum body rate holds for each stream of an h2c connection (prior knowledge, raw frames), on a server with
 * a 1 KiB/s minimum over 2 s: a stream whose body never comes, or trickles, ends long before the 120 s idle
 * timeout, and the connection goes on serving its other streams. The header deadline (2 s) holds for a request
 * head trickled in CONTINUATION frames and for a frame trickled byte by byte, not for a connection that is quiet
 * between requests. The tests, each on a connection and with a user of its own, wait out these deadlines side by side.
 */
class H2cSlowStreamTest {
    private static KisteServer server;

    @BeforeAll
    static void start() throws Exception {
        TestServer shared = TestServer.get();
        server = new KisteServer(
                shared.backend,
                KisteConfig.from(new Settings(
                        Map.of(
                                "port", "0",
                                "bind", "127.0.0.1",
                                "data", shared.dataDir.toString(),
                                "http.header-timeout", "2",
                                "http.min-body-rate", "1024",
                                "http.body-rate-window", "2"),
                        Map.of())));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aStreamWhoseBodyNeverComesEndsAndTheConnectionServesTheNext() throws Exception {
        String login = TestServer.get().newUser("h2s");
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            h2.frame(H2cConnection.HEADERS, 4, 1, H2cConnection.putHead(login, "stalled.bin", 100_000));
            assertThat(awaitEnd(h2, 1, 15_000, null)).isTrue();

            h2.frame(H2cConnection.HEADERS, 5, 3, H2cConnection.head("GET", "/status.php"));
            assertThat(awaitStatus(h2, 3)).isEqualTo(200);
        }
        assertThat(TestServer.get().dav(login).get("stalled.bin").statusCode()).isEqualTo(404);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aStreamWhoseBodyTricklesEnds() throws Exception {
        String login = TestServer.get().newUser("h2t");
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            h2.frame(H2cConnection.HEADERS, 4, 1, H2cConnection.putHead(login, "trickled.bin", 100_000));
            assertThat(awaitEnd(h2, 1, 15_000, () -> h2.frame(H2cConnection.DATA, 0, 1, new byte[] {'a'})))
                    .isTrue();
        }
        assertThat(TestServer.get().dav(login).get("trickled.bin").statusCode()).isEqualTo(404);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anUploadAtFullSpeedIsStored() throws Exception {
        String login = TestServer.get().newUser("h2f");
        byte[] body = "hello over h2c".getBytes(StandardCharsets.US_ASCII);
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            h2.frame(H2cConnection.HEADERS, 4, 1, H2cConnection.putHead(login, "fast.txt", body.length));
            h2.frame(H2cConnection.DATA, 1, 1, body);
            for (int i = 0; i < 20; i++) {
                H2cConnection.Frame f = h2.read();
                assertThat(f.stream() == 1 && f.type() == H2cConnection.RST_STREAM)
                        .as("reset")
                        .isFalse();
                if (f.stream() == 1 && f.type() == H2cConnection.HEADERS) {
                    break;
                }
            }
        }
        Dav dav = TestServer.get().dav(login);
        assertThat(dav.get("fast.txt").body()).isEqualTo("hello over h2c");
    }

    /** A request head with a long field, so that it can be trickled for longer than any bound of these tests. */
    private static byte[] longHead(String login) {
        return H2cConnection.head("GET", "/remote.php/dav/files/" + login + "/", 58, "t".repeat(120));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aRequestHeadTrickledInContinuationFramesEndsTheConnectionAtTheHeaderDeadline() throws Exception {
        String login = TestServer.get().newUser("h2h");
        byte[] head = longHead(login);
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            h2.frame(H2cConnection.HEADERS, 1, 1, java.util.Arrays.copyOf(head, 4)); // END_STREAM, no END_HEADERS
            int[] next = {4};
            long start = System.nanoTime();
            // one byte of the head per CONTINUATION frame every 200 ms: 20 s for the whole head
            boolean closed = awaitClosed(h2, 10_000, () -> {
                if (next[0] < head.length - 1) {
                    h2.frame(CONTINUATION, 0, 1, new byte[] {head[next[0]++]});
                }
            });
            assertThat(closed).isTrue();
            assertThat(next[0]).as("bytes of the head sent").isLessThan(head.length - 1);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2_000);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aFrameTrickledByteByByteEndsTheConnectionAtTheHeaderDeadline() throws Exception {
        String login = TestServer.get().newUser("h2b");
        byte[] head = longHead(login);
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            java.io.OutputStream out = h2.socket.getOutputStream();
            // a HEADERS frame announcing the whole head, whose payload then comes one byte every 200 ms
            out.write(new byte[] {0, 0, (byte) head.length, H2cConnection.HEADERS, 5, 0, 0, 0, 1});
            out.flush();
            int[] next = {0};
            boolean closed = awaitClosed(h2, 10_000, () -> {
                if (next[0] < head.length - 1) {
                    out.write(head[next[0]++]);
                    out.flush();
                }
            });
            assertThat(closed).isTrue();
            assertThat(next[0]).as("bytes of the frame sent").isLessThan(head.length - 1);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aConnectionQuietBetweenRequestsLongerThanTheDeadlineStaysOpen() throws Exception {
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            for (int stream = 1; stream <= 5; stream += 2) {
                h2.frame(H2cConnection.HEADERS, 5, stream, H2cConnection.head("GET", "/status.php"));
                assertThat(awaitStatus(h2, stream)).as("stream %d", stream).isEqualTo(200);
                Thread.sleep(3_000);
            }
        }
    }

    /** Reads frames (doing {@code step} every 200 ms) until the connection ends or is told to go away. */
    private static boolean awaitClosed(H2cConnection h2, long maxMillis, Step step) throws Exception {
        h2.socket.setSoTimeout(200);
        long end = System.nanoTime() + maxMillis * 1_000_000;
        try {
            while (System.nanoTime() < end) {
                step.run();
                try {
                    for (int i = 0; i < 50; i++) {
                        if (h2.read().type() == H2cConnection.GOAWAY) {
                            return true;
                        }
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing yet
                }
            }
            return false;
        } catch (EOFException | java.net.SocketException closed) {
            return true;
        } finally {
            h2.socket.setSoTimeout(3000);
        }
    }

    private static final int CONTINUATION = 9;

    interface Step {
        void run() throws IOException;
    }

    /**
     * Reads frames (doing {@code step} every 200 ms) until {@code stream} is reset or answered or the connection
     * ends; false if none of these happens within {@code maxMillis}.
     */
    private static boolean awaitEnd(H2cConnection h2, int stream, long maxMillis, Step step) throws Exception {
        h2.socket.setSoTimeout(200);
        long end = System.nanoTime() + maxMillis * 1_000_000;
        try {
            while (System.nanoTime() < end) {
                if (step != null) {
                    step.run();
                }
                try {
                    for (int i = 0; i < 50; i++) {
                        H2cConnection.Frame f = h2.read();
                        if (f.type() == H2cConnection.GOAWAY
                                || (f.stream() == stream
                                        && (f.type() == H2cConnection.RST_STREAM
                                                || f.type() == H2cConnection.HEADERS))) {
                            return true;
                        }
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing yet
                }
            }
            return false;
        } catch (EOFException | java.net.SocketException closed) {
            return true;
        } finally {
            h2.socket.setSoTimeout(3000);
        }
    }

    /** The status of the answer on {@code stream}, skipping frames of other streams. */
    private static int awaitStatus(H2cConnection h2, int stream) throws IOException {
        for (int i = 0; i < 50; i++) {
            H2cConnection.Frame f = h2.read();
            if (f.stream() == stream && f.type() == H2cConnection.HEADERS) {
                return f.indexedStatus();
            }
            assertThat(f.stream() == stream && f.type() == H2cConnection.RST_STREAM)
                    .as("reset")
                    .isFalse();
        }
        return -1;
    }
}
