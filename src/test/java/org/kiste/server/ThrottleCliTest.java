package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.FromAddress;
import org.kiste.testing.FromAddress.Answer;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.ServerProcess.CliResult;

/**
 * {@code kiste throttle list} and {@code kiste throttle reset} outside the process of a running server
 * with the default throttles: what a guesser at 127.0.0.60 set off is listed, and after a reset the address and the
 * account start from zero at once.
 */
class ThrottleCliTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void listAndResetTheThrottlesOfARunningServer() throws Exception {
        try (ServerProcess server = ServerProcess.onTestDatabase(root)) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            String pw = ServerProcess.ADMIN_PASSWORD;
            FromAddress guesser = new FromAddress("127.0.0.60", server.baseUrl());
            for (int i = 0; i < 10; i++) {
                assertThat(guesser.propfind("nobody" + i, "guess").status()).isEqualTo(401);
            }
            Answer held = guesser.propfind("nobody-more", "guess");
            for (int i = 0; held.status() != 429 && i < 10; i++) {
                held = guesser.propfind("nobody-more", "guess");
            }
            assertThat(held.status()).isEqualTo(429);

            CliResult list = ok(server.cliInTestJvm(null, "throttle", "list"), "KIND");
            System.out.print(list.out());
            List<String> row = row(list.out(), "address", "127.0.0.60");
            assertThat(Integer.parseInt(row.get(2))).isGreaterThanOrEqualTo(10);
            assertThat(row.get(3)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

            ok(
                    server.cliInTestJvm(null, "throttle", "reset", "--address", "127.0.0.60"),
                    "reset 1 throttle (address 127.0.0.60)");
            // from zero again: without the reset the next counted guess would have set a longer wait at once
            assertThat(guesser.propfind("nobody-after", "guess").status()).isEqualTo(401);
            assertThat(guesser.propfind("nobody-after", "guess").status()).isEqualTo(401);
            assertThat(guesser.propfind("admin", pw).status()).isEqualTo(207);
            assertThat(row(server.cliInTestJvm(null, "throttle", "list").out(), "address", "127.0.0.60")
                            .get(2))
                    .as("the two guesses since the reset; the right password was taken back")
                    .isEqualTo("2");

            // the account: five wrong passwords from five addresses hold back any new address
            for (int i = 0; i < 5; i++) {
                assertThat(new FromAddress("127.0.0." + (70 + i), server.baseUrl())
                                .propfind("admin", "guess")
                                .status())
                        .isEqualTo(401);
            }
            assertThat(row(server.cliInTestJvm(null, "throttle", "list").out(), "account", "admin")
                            .get(2))
                    .isEqualTo("5");
            ok(server.cliInTestJvm(null, "throttle", "reset", "--user", "admin"), "reset 1 throttle (account 'admin')");
            assertThat(new FromAddress("127.0.0.80", server.baseUrl())
                            .propfind("admin", "guess")
                            .status())
                    .as("counted from zero again")
                    .isEqualTo(401);
            ok(server.cliInTestJvm(null, "throttle", "reset", "--all"), "(all)");
            assertThat(server.cliInTestJvm(null, "throttle", "list")
                            .out()
                            .lines()
                            .count())
                    .isEqualTo(1);

            CliResult none = server.cliInTestJvm(null, "throttle", "reset");
            assertThat(none.exit()).isNotZero();
            for (String[] help : List.of(
                    new String[] {"throttle", "--help"},
                    new String[] {"throttle", "list", "--help"},
                    new String[] {"throttle", "reset", "--help"})) {
                assertThat(server.cliInTestJvm(null, help).out())
                        .startsWith("Usage: kiste " + String.join(" ", help).replace(" --help", ""));
            }
        }
    }

    private static CliResult ok(CliResult r, String expected) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(expected);
        return r;
    }

    /** The cells of the table row of a key; cells are separated by two or more spaces. */
    private static List<String> row(String table, String kind, String subject) {
        List<String> rows = table.lines()
                .filter(l -> l.startsWith(kind + " ") && l.contains(" " + subject + " "))
                .toList();
        assertThat(rows).as(table).hasSize(1);
        return List.of(rows.get(0).split(" {2,}"));
    }
}
