package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.FreezableProxy;
import org.kiste.testing.TestDatabase;

/**
 * A pooled connection that broke while the database stayed up (a restarted mariadbd, a cut TCP connection) costs
 * a transaction nothing: it runs again, once, on another connection. A commit that fails is never run again.
 */
class BrokenConnectionTest {

    @Test
    void aTransactionOnABrokenPooledConnectionRunsAgainOnAFreshOne() throws Exception {
        Assumptions.assumeTrue(
                TestDatabase.mode() == TestDatabase.Mode.SERVICE, "the relay stands in front of the service database");
        Path data = TestDatabase.tempDir("kiste-broken-");
        Map<String, String> s = TestDatabase.settings(data);
        String url = s.get("db.url");
        try (FreezableProxy proxy = FreezableProxy.before(url);
                Database database =
                        Database.open(new DbEndpoint(proxy.relayed(url), s.get("db.user"), s.get("db.password")), 2)) {
            assertThat(database.tx(BrokenConnectionTest::one)).isEqualTo(1);
            AtomicInteger runs = new AtomicInteger();
            proxy.cutAll(); // the pool's connection is dead; the database is fine
            int got = database.tx(c -> {
                runs.incrementAndGet();
                return one(c);
            });
            assertThat(got).isEqualTo(1);
            assertThat(runs.get()).as("runs of the transaction").isBetween(1, 2);
        }
    }

    @Test
    void onlyConnectionFailuresCount() {
        assertThat(Database.connectionBroke(new SQLException("gone", "08S01"))).isTrue();
        assertThat(Database.connectionBroke(new java.sql.SQLNonTransientConnectionException("closed")))
                .isTrue();
        assertThat(Database.connectionBroke(new SQLException("duplicate", "23000", 1062)))
                .isFalse();
        assertThat(Database.connectionBroke(new SQLException("wrapped", new SQLException("gone", "08003"))))
                .isTrue();
    }

    private static int one(java.sql.Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
