package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.Eventually;
import org.kiste.testing.Ocs;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.ServerProcess.CliResult;

/**
 * {@code kiste user app-passwords list|revoke} outside the process of a running server: the list shows
 * what a client created over OCS (never the secret), and a revocation written by the CLI is refused by the server
 * within a second (it re-reads app passwords every 500 ms).
 */
class AppPasswordCliTest {
    private static final String CLIENT = "Nextcloud-android/3.29.0";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void listAndRevokeAgainstARunningServer() {
        try (ServerProcess server = ServerProcess.onTestDatabase(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            ok(server.cliInTestJvm("mona-secret\n", "user", "add", "mona", "--password-stdin"), "created user 'mona'");
            Dav mona = new Dav(server.baseUrl(), "mona", "mona-secret");
            Eventually.status(() -> status(mona), 207, Duration.ofSeconds(3), "mona logs in after 'user add'");
            ok(server.cliInTestJvm(null, "user", "app-passwords", "list", "mona"), "user 'mona' has no app passwords");

            Ocs.Answer created = new Ocs(mona).json("v2.php/core/getapppassword", "User-Agent", CLIENT);
            assertThat(created.http()).as(created.body()).isEqualTo(200);
            String secret = created.data().path("apppassword").asText();
            Dav device = mona.withPassword(secret);
            assertThat(status(device)).isEqualTo(207);

            CliResult list = ok(server.cliInTestJvm(null, "user", "app-passwords", "list", "mona"), CLIENT);
            assertThat(list.out())
                    .contains("ID", "CREATED", "LAST USED", "NAME")
                    .doesNotContain(secret);
            String row = list.out()
                    .lines()
                    .filter(l -> l.endsWith(CLIENT))
                    .findFirst()
                    .orElseThrow();
            String id = row.split("\\s+")[0];
            assertThat(row).doesNotContain("never"); // used once above

            ok(
                    server.cliInTestJvm(null, "user", "app-passwords", "revoke", "mona", id),
                    "revoked app password " + id + " of user 'mona'");
            Eventually.status(
                    () -> status(device),
                    401,
                    Duration.ofSeconds(3),
                    "the app password is refused after 'app-passwords revoke'");
            assertThat(status(mona)).isEqualTo(207);

            CliResult again = server.cliInTestJvm(null, "user", "app-passwords", "revoke", "mona", id);
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("no app password with id " + id);
            CliResult nobody = server.cliInTestJvm(null, "user", "app-passwords", "list", "nobody");
            assertThat(nobody.exit()).isEqualTo(1);
            assertThat(nobody.err()).contains("no such user 'nobody'");
            ok(server.cliInTestJvm(null, "user", "app-passwords", "--help"), "revoke");
            ok(server.cliInTestJvm(null, "user", "app-passwords", "revoke", "--help"), "USER");
        }
    }

    private static CliResult ok(CliResult r, String expectedOutput) {
        assertThat(r.exit()).as("exit status; stderr:\n%s", r.err()).isZero();
        assertThat(r.out()).contains(expectedOutput);
        return r;
    }

    private static int status(Dav dav) {
        return dav.propfind("", "0", null).statusCode();
    }
}
