package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.ServerProcess;

/**
 * The embedded mariadbd is a child process: kill -9 of the server JVM leaves it running, holding the data
 * directory. The next start must recognise it as stale, stop it and come back by itself, with the data. Always on
 * the embedded database, whatever the other tests use.
 */
class EmbeddedDbOutlivesJvmTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void restartAfterKillStopsTheOrphanedMariadbdAndKeepsTheData() throws Exception {
        try (ServerProcess server = ServerProcess.embedded(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            Dav dav = server.admin();
            assertThat(dav.put("kept.txt", "written before the kill").statusCode())
                    .isEqualTo(201);
            ProcessHandle first = server.mariadbd().orElseThrow(() -> new AssertionError("no mariadbd pid file"));

            server.kill();
            Thread.sleep(500); // a mariadbd that would die with its parent gets the time to do so
            assertThat(first.isAlive())
                    .as("mariadbd %d after kill -9 of the server", first.pid())
                    .isTrue();
            assertThat(server.mariadbd()).map(ProcessHandle::pid).contains(first.pid());

            long started = System.nanoTime();
            server.start().awaitHealthy(Duration.ofSeconds(120));
            System.out.printf(
                    "healthy again %d ms after the restart%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(first.isAlive())
                    .as("the orphaned mariadbd %d", first.pid())
                    .isFalse();
            ProcessHandle second = server.mariadbd().orElseThrow(() -> new AssertionError("no mariadbd after restart"));
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(server.allMariadbds()).map(ProcessHandle::pid).containsExactly(second.pid());

            HttpResponse<String> get = dav.get("kept.txt");
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("written before the kill");

            assertThat(server.terminate(Duration.ofSeconds(60))).isIn(0, 143);
            assertThat(second.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(server.allMariadbds()).isEmpty();
        }
    }
}
