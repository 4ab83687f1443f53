package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.Account;
import org.kiste.model.Principal;
import org.kiste.testing.TestDatabase;

/** The last enabled administrator is neither disabled nor deleted, on a database of its own. */
class LastAdminTest {
    private final Path data = TestDatabase.tempDir("kiste-lastadmin-");
    private final Backend backend;

    LastAdminTest() throws Exception {
        backend = Backend.open(KisteConfig.from(new Settings(TestDatabase.isolatedSettings(data), Map.of())), false);
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void theLastEnabledAdministratorStays() {
        UserService users = backend.users();
        users.add("boss", "pw-boss-1", true, null, null, -1);
        users.add("deputy", "pw-deputy-1", true, null, null, -1);
        for (Account a : users.list()) {
            if (a.admin() && !a.login().equals("boss") && !a.login().equals("deputy")) {
                users.setEnabled(a.login(), false);
            }
        }
        Principal boss = users.find("boss").orElseThrow().principal();
        // not oneself, through the API
        assertThatThrownBy(() -> users.delete(boss, "boss")).hasMessageContaining("your own account");
        users.setEnabled(boss, "deputy", false);
        assertThatThrownBy(() -> users.setEnabled("boss", false)).hasMessageContaining("last enabled administrator");
        assertThatThrownBy(() -> users.delete("boss")).hasMessageContaining("last enabled administrator");
        assertThat(users.find("boss").orElseThrow().enabled()).isTrue();
        users.setEnabled(boss, "deputy", true);
        users.delete("boss");
        assertThat(users.find("boss")).isEmpty();
    }
}
