package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.FreezableProxy;
import org.kiste.testing.TestDatabase;

/**
 * The database watch pings through a relay in front of the real database: a probe connection that broke once does
 * not make the database "down" (the ping is tried again over a fresh connection), a frozen database does; and the
 * port is read from any JDBC URL, IPv6 literals included.
 */
class DatabaseWatchTest {

    @Test
    void oneBrokenProbeConnectionIsRetriedAFrozenDatabaseIsDown() throws Exception {
        Assumptions.assumeTrue(
                TestDatabase.mode() == TestDatabase.Mode.SERVICE, "the relay stands in front of the service database");
        Path data = TestDatabase.tempDir("kiste-watch-");
        Map<String, String> s = TestDatabase.settings(data);
        String url = s.get("db.url");
        try (FreezableProxy proxy = FreezableProxy.before(url);
                DatabaseWatch watch =
                        new DatabaseWatch(new DbEndpoint(proxy.relayed(url), s.get("db.user"), s.get("db.password")))) {
            watch.check();
            assertThat(watch.reachable()).isTrue();

            proxy.cutAll(); // the probe's connection breaks; the database is fine
            watch.check();
            assertThat(watch.reachable()).as("one failed ping, then a good one").isTrue();

            proxy.freeze();
            watch.check();
            assertThat(watch.reachable()).as("both pings fail").isFalse();

            proxy.thaw();
            watch.check();
            assertThat(watch.reachable()).isTrue();
        }
    }

    @Test
    void thePortComesFromAnyJdbcUrl() {
        assertThat(port("jdbc:mariadb://127.0.0.1:3307/kiste")).isEqualTo(3307);
        assertThat(port("jdbc:mariadb://db.example:3308?user=x")).isEqualTo(3308);
        assertThat(port("jdbc:mariadb://[::1]:3309/kiste")).isEqualTo(3309);
        assertThat(port("jdbc:mariadb://[2001:db8::5]:3310/kiste?sslMode=verify-full"))
                .isEqualTo(3310);
        assertThat(port("jdbc:mariadb://[::1]/kiste")).isEqualTo(3306);
        assertThat(port("jdbc:mariadb://localhost/kiste")).isEqualTo(3306);
        assertThat(port("jdbc:mariadb:replication://[fd00::1]:3311,[fd00::2]:3312/kiste"))
                .isEqualTo(3311);
        assertThat(port("jdbc:mariadb://[fd00::1]:3311,[fd00::2]:3312/kiste")).isEqualTo(3311);
        assertThat(port("jdbc:mariadb://a.example:3313,b.example:3314/kiste")).isEqualTo(3313);
        assertThat(port("jdbc:mariadb://localhost:notaport/kiste")).isEqualTo(3306);
        assertThat(port("jdbc:mariadb://localhost/kiste?localSocket=/run/mysqld/mysqld.sock"))
                .isEqualTo(3306);
    }

    private static int port(String url) {
        return new DbEndpoint(url, "u", "p").port();
    }
}
