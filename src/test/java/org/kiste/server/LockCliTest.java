package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.Eventually;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.ServerProcess.CliResult;

/**
 * {@code kiste lock list} and {@code kiste lock break} outside the process of a running server on the
 * test database: a lock taken over HTTP is listed, and once broken the very next write without its token succeeds
 * (locks are read from the database by every write; nothing caches them).
 */
class LockCliTest {
    private static final String LOCKINFO = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:%s/></d:lockscope><d:locktype><d:write/></d:locktype>"
            + "<d:owner><d:href>%s</d:href></d:owner></d:lockinfo>";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void listAndBreakLocksOfARunningServer() {
        try (ServerProcess server = ServerProcess.onTestDatabase(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            ok(server.cliInTestJvm("lena-secret\n", "user", "add", "lena", "--password-stdin"), "created user 'lena'");
            Dav lena = new Dav(server.baseUrl(), "lena", "lena-secret");
            Dav admin = server.admin();
            Eventually.status(
                    () -> lena.put("a.txt", "one").statusCode(),
                    201,
                    Duration.ofSeconds(2),
                    "lena can write after 'user add'");
            assertThat(lena.mkcol("docs").statusCode()).isEqualTo(201);
            assertThat(admin.put("admin.txt", "x").statusCode()).isEqualTo(201);

            String fileToken = lock(lena, "a.txt", "0", "exclusive", "mailto:lena@example.org");
            String shared1 = lock(lena, "docs", "infinity", "shared", "lena &amp; co");
            String shared2 = lock(lena, "docs", "infinity", "shared", "second");
            String adminToken = lock(admin, "admin.txt", "0", "exclusive", "root");
            assertThat(lena.put("a.txt", "two").statusCode())
                    .as("PUT without the token")
                    .isEqualTo(423);
            assertThat(lena.put("docs/b.txt", "two").statusCode())
                    .as("PUT below a locked folder")
                    .isEqualTo(423);

            CliResult all = ok(server.cliInTestJvm(null, "lock", "list"), "TOKEN");
            System.out.print(all.out());
            List<String> file = row(all.out(), fileToken);
            assertThat(file.subList(0, 5)).containsExactly(fileToken, "lena", "lena:/a.txt", "exclusive", "0");
            assertThat(Long.parseLong(file.get(5))).as("seconds left").isBetween(1L, 600L);
            assertThat(file.get(6)).isEqualTo("mailto:lena@example.org");
            assertThat(row(all.out(), shared1)).containsSequence("lena", "lena:/docs", "shared", "infinity");
            assertThat(row(all.out(), shared1).get(6)).isEqualTo("lena & co");
            assertThat(row(all.out(), adminToken)).containsSequence("admin", "admin:/admin.txt");

            CliResult lenas = ok(server.cliInTestJvm(null, "lock", "list", "--user", "lena"), "TOKEN");
            assertThat(lenas.out()).contains(fileToken, shared1, shared2).doesNotContain(adminToken);

            ok(server.cliInTestJvm(null, "lock", "break", fileToken), "broke lock " + fileToken);
            assertThat(lena.put("a.txt", "two").statusCode())
                    .as("the first PUT after 'lock break'")
                    .isEqualTo(204);
            assertThat(lena.put("a.txt", "three", "If", "(<" + fileToken + ">)").statusCode())
                    .as("a write with the broken token")
                    .isEqualTo(412);
            CliResult again = server.cliInTestJvm(null, "lock", "break", fileToken);
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("no live lock with token");

            ok(server.cliInTestJvm(null, "lock", "break", "--path", "lena:/docs"), "broke 2 locks on lena:/docs");
            assertThat(lena.put("docs/b.txt", "two").statusCode())
                    .as("the first PUT after 'lock break --path'")
                    .isEqualTo(201);

            CliResult missing = server.cliInTestJvm(null, "lock", "break", "--path", "lena:/nothing/here");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("no such file or folder: lena:/nothing/here");
            CliResult nobody = server.cliInTestJvm(null, "lock", "list", "--user", "nobody");
            assertThat(nobody.exit()).isEqualTo(1);
            assertThat(nobody.err()).contains("no such user 'nobody'");

            CliResult after = ok(server.cliInTestJvm(null, "lock", "list"), "TOKEN");
            assertThat(after.out()).contains(adminToken).doesNotContain(fileToken, shared1, shared2);
            assertThat(admin.put("admin.txt", "y").statusCode())
                    .as("admin's lock was not touched")
                    .isEqualTo(423);

            for (String[] help :
                    List.of(new String[] {"lock", "--help"}, new String[] {"lock", "list", "--help"}, new String[] {
                        "lock", "break", "--help"
                    })) {
                assertThat(server.cliInTestJvm(null, help).out())
                        .startsWith("Usage: kiste " + String.join(" ", help).replace(" --help", ""));
            }
        }
    }

    /** Takes a lock over HTTP and returns its token (from the Lock-Token header, without the angle brackets). */
    private static String lock(Dav dav, String path, String depth, String scope, String owner) {
        HttpResponse<String> r = dav.send(
                "LOCK",
                dav.url(path),
                String.format(LOCKINFO, scope, owner),
                "Depth",
                depth,
                "Timeout",
                "Second-600",
                "Content-Type",
                "application/xml; charset=utf-8");
        assertThat(r.statusCode()).as("LOCK %s: %s", path, r.body()).isEqualTo(200);
        String header = r.headers().firstValue("Lock-Token").orElseThrow();
        return header.substring(1, header.length() - 1);
    }

    /** The cells of the table row that starts with {@code token}; cells are separated by two or more spaces. */
    private static List<String> row(String table, String token) {
        List<String> rows = table.lines().filter(l -> l.startsWith(token + " ")).toList();
        assertThat(rows).as(table).hasSize(1);
        return List.of(rows.get(0).split(" {2,}"));
    }

    private static CliResult ok(CliResult r, String expectedOutput) {
        assertThat(r.exit()).as("exit status; stderr:\n%s", r.err()).isZero();
        assertThat(r.out()).contains(expectedOutput);
        return r;
    }
}
