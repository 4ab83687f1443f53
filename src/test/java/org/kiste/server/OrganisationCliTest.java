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
 * {@code kiste group}, {@code kiste folder} and {@code kiste audit} outside the process of a running
 * server: a grant made on the command line shows the team folder in the member's files, a revoke removes it within
 * about a second, mistakes get a message and exit status 1 (refused) or 2 (usage), and every change is in the
 * audit trail.
 */
class OrganisationCliTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void groupsFoldersGrantsAndTheAuditTrail() {
        String u = Long.toString(System.nanoTime() % 1_000_000, 36);
        String alice = "alice" + u;
        String sales = "sales" + u;
        String folder = "Projects " + u;
        try (ServerProcess server = ServerProcess.onTestDatabase(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            ok(
                    server.cliInTestJvm("alice-secret\n", "user", "add", alice, "--password-stdin"),
                    "created user '" + alice + "'");
            Dav dav = new Dav(server.baseUrl(), alice, "alice-secret");
            String mount = Dav.enc(folder);

            ok(server.cliInTestJvm(null, "group", "add", sales), "created group '" + sales + "'");
            refused(server.cliInTestJvm(null, "group", "add", sales), "group '" + sales + "' already exists");
            ok(
                    server.cliInTestJvm(null, "group", "add-member", sales, alice),
                    "added '" + alice + "' to group '" + sales + "'");
            refused(
                    server.cliInTestJvm(null, "group", "add-member", sales, "nobody" + u),
                    "no such user 'nobody" + u + "'");
            refused(
                    server.cliInTestJvm(null, "group", "add-member", "nogroup" + u, alice),
                    "no such group 'nogroup" + u + "'");
            List<String> groupRow = row(
                    ok(server.cliInTestJvm(null, "group", "list"), "MEMBERS").out(), sales);
            assertThat(groupRow).containsExactly(sales, sales, "1");

            ok(
                    server.cliInTestJvm(null, "folder", "create", folder, "--quota", "50G"),
                    "created team folder '" + folder + "', quota 50G");
            refused(
                    server.cliInTestJvm(null, "folder", "create", folder),
                    "team folder '" + folder + "' already exists");
            ok(
                    server.cliInTestJvm(null, "folder", "grant", folder, "--group", sales, "--role", "editor"),
                    "granted group '" + sales + "' the role editor on team folder '" + folder + "'");
            Eventually.status(
                    () -> dav.put(mount + "/a.txt", "hello").statusCode(),
                    201,
                    Duration.ofMillis(1_600),
                    "alice writes in the team folder");

            CliResult badRole =
                    server.cliInTestJvm(null, "folder", "grant", folder, "--group", sales, "--role", "owner");
            assertThat(badRole.exit()).isEqualTo(2);
            assertThat(badRole.err()).contains("unknown role 'owner': use viewer, editor or manager");
            CliResult both = server.cliInTestJvm(
                    null, "folder", "grant", folder, "--group", sales, "--user", alice, "--role", "viewer");
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("mutually exclusive");
            refused(
                    server.cliInTestJvm(null, "folder", "grant", "Nope" + u, "--user", alice, "--role", "viewer"),
                    "no such team folder 'Nope" + u + "'");
            refused(
                    server.cliInTestJvm(null, "folder", "revoke", folder, "--user", alice),
                    "user:" + alice + " has no grant on team folder '" + folder + "'");

            List<String> folderRow = row(
                    ok(server.cliInTestJvm(null, "folder", "list"), "GRANTS").out(), folder);
            assertThat(folderRow).containsExactly(folder, "live", "50G", "5B", "group:" + sales + "=editor");

            // a lock in the team folder is listed, and broken, by its path in the holder's tree
            HttpResponse<String> lock = dav.send(
                    "LOCK",
                    dav.url(mount + "/a.txt"),
                    "<?xml version=\"1.0\"?>"
                            + "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/>"
                            + "</d:locktype></d:lockinfo>",
                    "Content-Type",
                    "application/xml",
                    "Depth",
                    "0");
            assertThat(lock.statusCode()).isEqualTo(200);
            ok(server.cliInTestJvm(null, "lock", "list", "--user", alice), alice + ":/" + folder + "/a.txt");
            ok(server.cliInTestJvm(null, "lock", "break", "--path", alice + ":/" + folder + "/a.txt"), "broke 1 lock");

            ok(
                    server.cliInTestJvm(null, "folder", "revoke", folder, "--group", sales),
                    "revoked the grant of group '" + sales + "' on team folder '" + folder + "'");
            Eventually.status(
                    () -> dav.get(mount + "/a.txt").statusCode(),
                    404,
                    Duration.ofMillis(1_600),
                    "the mount is gone after the revoke");

            ok(server.cliInTestJvm(null, "folder", "rename", folder, folder + "-old"), "renamed team folder");
            ok(
                    server.cliInTestJvm(null, "folder", "delete", folder + "-old"),
                    "moved team folder '" + folder + "-old' to the organisation's trash");
            assertThat(row(server.cliInTestJvm(null, "folder", "list").out(), folder + "-old")
                            .get(1))
                    .isEqualTo("trash");
            ok(server.cliInTestJvm(null, "group", "rename", sales, sales + "-x"), "renamed group");
            ok(server.cliInTestJvm(null, "group", "remove-member", sales + "-x", alice), "removed '" + alice + "'");
            refused(server.cliInTestJvm(null, "group", "remove-member", sales + "-x", alice), "is not a member");
            ok(server.cliInTestJvm(null, "group", "delete", sales + "-x"), "deleted group '" + sales + "-x'");

            CliResult audit =
                    ok(server.cliInTestJvm(null, "audit", "list", "--since", "1h", "--limit", "1000"), "ACTION");
            List<String> mine = audit.out()
                    .lines()
                    .filter(l -> l.contains(u))
                    .map(l -> l.split(" {2,}")[2])
                    .toList();
            assertThat(mine)
                    .containsExactly(
                            "group.delete",
                            "group.remove-member",
                            "group.rename",
                            "folder.delete",
                            "folder.rename",
                            "folder.revoke",
                            "folder.grant",
                            "folder.create",
                            "group.add-member",
                            "group.add",
                            "user.add");
            assertThat(audit.out()
                            .lines()
                            .filter(l -> l.contains("folder.grant") && l.contains(u))
                            .findFirst()
                            .orElseThrow())
                    .contains("admin-cli", "group:" + sales, "{\"role\":\"editor\"}");
            assertThat(server.cliInTestJvm(null, "audit", "list", "--limit", "2")
                            .out()
                            .lines())
                    .hasSize(3);
            CliResult badSince = server.cliInTestJvm(null, "audit", "list", "--since", "yesterday");
            assertThat(badSince.exit()).isEqualTo(2);
            assertThat(badSince.err()).contains("is neither a date");

            for (String[] help : List.of(
                    new String[] {"group", "--help"},
                    new String[] {"group", "add-member", "--help"},
                    new String[] {"folder", "--help"},
                    new String[] {"folder", "grant", "--help"},
                    new String[] {"audit", "list", "--help"})) {
                assertThat(server.cliInTestJvm(null, help).out())
                        .startsWith("Usage: kiste " + String.join(" ", help).replace(" --help", ""));
            }
        }
    }

    private static CliResult ok(CliResult r, String expectedOutput) {
        assertThat(r.exit()).as("exit status; stderr:\n%s", r.err()).isZero();
        assertThat(r.out()).contains(expectedOutput);
        return r;
    }

    private static void refused(CliResult r, String message) {
        assertThat(r.exit()).as("exit status; stdout:\n%s", r.out()).isEqualTo(1);
        assertThat(r.err()).contains("kiste: ").contains(message);
    }

    /** The cells of the table row that starts with {@code first}; cells are separated by two or more spaces. */
    private static List<String> row(String table, String first) {
        List<String> rows = table.lines().filter(l -> l.startsWith(first + " ")).toList();
        assertThat(rows).as(table).hasSize(1);
        return List.of(rows.get(0).split(" {2,}"));
    }
}
