package org.kiste.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.Eventually;
import org.kiste.testing.ServerProcess;

/**
 * kill -9 of the embedded mariadbd under a running server: {@code /health} answers 503 within seconds, the server
 * restarts mariadbd by itself, {@code /health} answers 200 again and a PUT works. Always on the embedded database.
 */
class EmbeddedDatabaseRestartTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void aKilledMariadbdIsRestartedAndServiceResumes() throws Exception {
        Assumptions.assumeFalse(
                Boolean.getBoolean("kiste.test.embedded-run-follows"),
                "runs in the embedded database mode's run of this suite");
        try (ServerProcess server = ServerProcess.embedded(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(180));
            Dav dav = server.admin();
            assertThat(dav.put("before.txt", "before").statusCode()).isEqualTo(201);
            ProcessHandle mariadbd = server.mariadbd().orElseThrow();
            mariadbd.destroyForcibly();
            mariadbd.onExit().get();

            Eventually.status(() -> health(server), 503, Duration.ofSeconds(10), "health while mariadbd is dead");
            Eventually.status(() -> health(server), 200, Duration.ofSeconds(120), "health after the restart");
            assertThat(server.mariadbd().map(ProcessHandle::pid)).isNotEqualTo(java.util.Optional.of(mariadbd.pid()));
            // the watch's verdict that the database went away can come after it is back (it pings once a second):
            // requests are then refused with 503 for up to a ping more, as a client retrying after Retry-After sees
            Eventually.status(
                    () -> {
                        int status = dav.put("after.txt", "after").statusCode();
                        return status == 204 ? 201 : status; // an attempt answered 503 whose commit went through
                    },
                    201,
                    Duration.ofSeconds(30),
                    "a PUT after the restart");
            assertThat(dav.get("after.txt").body()).isEqualTo("after");
            assertThat(dav.get("before.txt").body()).isEqualTo("before");
        }
    }

    private static int health(ServerProcess server) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
