package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.model.Account;
import org.kiste.model.AppPassword;
import org.kiste.testing.TestServer;

class AppPasswordsTest {
    private final TestServer server = TestServer.get();
    private final AppPasswords appPasswords = server.backend.appPasswords();

    private Account newAccount() {
        return server.users().find(server.newUser("ap")).orElseThrow();
    }

    @Test
    void createdSecretHasNextcloudShapeAndIsFoundByItsHash() {
        Account a = newAccount();
        String secret = appPasswords.create(a.id(), a.login(), "Mozilla/5.0 (Linux) mirall/3.7.3");
        assertThat(secret).hasSize(72).matches("[A-Za-z0-9]{72}");
        AppPassword found = appPasswords.lookup(secret).orElseThrow();
        assertThat(found.userId()).isEqualTo(a.id());
        assertThat(found.loginName()).isEqualTo(a.login());
        assertThat(found.name()).isEqualTo("Mozilla/5.0 (Linux) mirall/3.7.3");
        assertThat(found.lastUsedAt()).isNull();
        assertThat(appPasswords.list(a.id())).extracting(AppPassword::id).containsExactly(found.id());
        assertThat(appPasswords.lookup(secret.substring(1) + "x")).isEmpty();
        assertThat(appPasswords.lookup("short")).isEmpty();
    }

    @Test
    void revokeIsPerUserAndFinal() {
        Account a = newAccount();
        Account b = newAccount();
        String secret = appPasswords.create(a.id(), a.login(), null);
        long id = appPasswords.lookup(secret).orElseThrow().id();
        assertThat(appPasswords.list(a.id()).get(0).name()).isEqualTo("unknown client");
        assertThat(appPasswords.revoke(b.id(), id)).isFalse();
        assertThat(appPasswords.revoke(a.id(), id)).isTrue();
        assertThat(appPasswords.revoke(a.id(), id)).isFalse();
        assertThat(appPasswords.lookup(secret)).isEmpty();
        assertThat(appPasswords.list(a.id())).isEmpty();
    }

    @Test
    void touchRecordsLastUse() {
        Account a = newAccount();
        String secret = appPasswords.create(a.id(), a.login(), "x".repeat(400));
        AppPassword p = appPasswords.lookup(secret).orElseThrow();
        assertThat(p.name()).hasSize(255);
        appPasswords.touch(p.id());
        assertThat(appPasswords.lookup(secret).orElseThrow().lastUsedAt()).isNotNull();
    }

    @Test
    void deletingTheAccountDeletesItsAppPasswords() {
        Account a = newAccount();
        String secret = appPasswords.create(a.id(), a.login(), "c");
        server.users().delete(a.login());
        assertThat(appPasswords.lookup(secret)).isEmpty();
    }

    @Test
    void anAccountHasAtMostTheCappedNumberOfAppPasswords() {
        Account a = newAccount();
        for (int i = 0; i < AppPasswords.MAX_PER_USER; i++) {
            appPasswords.create(a.id(), a.login(), "device " + i);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> appPasswords.create(a.id(), a.login(), "one more"))
                .isInstanceOf(UserService.UserException.class)
                .hasMessageContaining("at most " + AppPasswords.MAX_PER_USER);
        assertThat(appPasswords.list(a.id())).hasSize(AppPasswords.MAX_PER_USER);
    }
}
