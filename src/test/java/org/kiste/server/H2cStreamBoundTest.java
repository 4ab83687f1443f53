package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
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
        try (H2cConnection h2 = new H2cConnection(server.port())) {
            assertThat(h2.maxStreams).isEqualTo(BOUND);

            // twice the bound of uploads whose bodies never come: each started one holds a worker reading
            int streams = 2 * BOUND;
            for (int i = 0; i < streams; i++) {
                h2.frame(H2cConnection.HEADERS, 4, 1 + 2 * i, H2cConnection.putHead(login, "h2-" + i + ".bin", 100000));
            }
            Set<Integer> refused = new HashSet<>();
            Set<Integer> answered = new HashSet<>();
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                H2cConnection.Frame f;
                try {
                    f = h2.read();
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                if (f.type() == H2cConnection.RST_STREAM) {
                    refused.add(f.stream());
                } else if (f.type() == H2cConnection.HEADERS) {
                    answered.add(f.stream());
                }
            }
            assertThat(refused).hasSize(streams - BOUND);
            assertThat(answered).isEmpty();
        }
    }
}
