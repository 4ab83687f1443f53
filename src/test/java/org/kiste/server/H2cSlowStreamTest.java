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
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * The minimum body rate holds for each stream of an h2c connection (prior knowledge, raw frames), on a server with
 * a 1 KiB/s minimum over 2 s: a stream whose body never comes, or trickles, ends long before the 120 s idle
 * timeout, and the connection goes on serving its other streams.
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
