package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;

/** The embedded MariaDB runs with the settings the README names for it. */
class EmbeddedSettingsTest {
    private final TestServer s = TestServer.get();

    @Test
    void theEmbeddedDatabaseFlushesInTheBackgroundAndKeepsEveryCommit() {
        Assumptions.assumeTrue(
                TestDatabase.mode() == TestDatabase.Mode.EMBEDDED, "runs in the embedded database mode's run");
        assertThat(variable("innodb_flush_log_at_trx_commit")).isEqualTo("1");
        assertThat(Double.parseDouble(variable("innodb_max_dirty_pages_pct_lwm")))
                .isEqualTo(10.0);
        assertThat(variable("innodb_adaptive_hash_index")).isEqualTo("ON");
    }

    private String variable(String name) {
        return s.backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = ?")) {
                ps.setString(1, name.toUpperCase(java.util.Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
