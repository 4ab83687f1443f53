package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.TestServer;

/**
 * An h2c upload in whole DATA frames at a steady rate well above the minimum body rate, lasting longer than the
 * header deadline (2 s), is stored: the frame deadline holds for one frame, not for a request's body.
 */
class H2cSteadyUploadTest {
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
    void aSteadyUploadLongerThanTheHeaderDeadlineIsStored() throws Exception {
        String login = TestServer.get().newUser("h2steady");
        int frames = 25;
        byte[] chunk = new byte[2048];
        Arrays.fill(chunk, (byte) 'q');
        int length = frames * chunk.length; // below the initial 64 KiB window: no WINDOW_UPDATE needed
        boolean answered = false;
        boolean reset = false;
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            h2.frame(H2cConnection.HEADERS, 4, 1, H2cConnection.putHead(login, "steady.bin", length));
            h2.socket.setSoTimeout(200);
            long start = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                h2.frame(H2cConnection.DATA, i == frames - 1 ? 1 : 0, 1, chunk); // 10 KiB/s, about 5 s
                try {
                    for (int k = 0; k < 50; k++) {
                        H2cConnection.Frame f = h2.read();
                        assertThat(f.type()).as("GOAWAY after %d frames", i + 1).isNotEqualTo(H2cConnection.GOAWAY);
                        reset |= f.stream() == 1 && f.type() == H2cConnection.RST_STREAM;
                        answered |= f.stream() == 1 && f.type() == H2cConnection.HEADERS;
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing from the server: go on
                }
                assertThat(reset).as("stream reset after %d frames", i + 1).isFalse();
            }
            h2.socket.setSoTimeout(5000);
            for (int k = 0; k < 50 && !answered; k++) {
                H2cConnection.Frame f = h2.read();
                assertThat(f.type()).isNotEqualTo(H2cConnection.GOAWAY);
                assertThat(f.stream() == 1 && f.type() == H2cConnection.RST_STREAM)
                        .isFalse();
                answered = f.stream() == 1 && f.type() == H2cConnection.HEADERS;
            }
            System.out.println("steady upload took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        assertThat(answered).isTrue();
        assertThat(TestServer.get().dav(login).get("steady.bin").body()).hasSize(length);
    }
}
