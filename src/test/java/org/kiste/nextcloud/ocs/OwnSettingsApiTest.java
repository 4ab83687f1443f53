package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kiste.model.Account;
import org.kiste.testing.Dav;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** The settings page's OCS calls: the caller's own app passwords and language, and the password change. */
class OwnSettingsApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String API = "v2.php/apps/kiste/api/v1/";
    private final TestServer s = TestServer.get();

    private static Ocs.Answer call(Dav dav, String method, String route, String form) {
        return new Ocs(dav)
                .send(method, API + route + "?format=json", form, "OCS-APIRequest", "true", "Content-Type", FORM);
    }

    @Test
    void createListUseAndRevokeOwnAppPasswords() {
        String login = s.newUser("own");
        Dav account = s.dav(login);
        Ocs.Answer created = call(account, "POST", "apppasswords", "name=Laptop%20%C3%BC&password=pw-" + login);
        assertThat(created.http()).as(created.body()).isEqualTo(200);
        String secret = created.data().path("apppassword").asText();
        assertThat(secret).matches("[A-Za-z0-9]{72}");
        assertThat(created.data().path("loginName").asText()).isEqualTo(login);

        Dav device = account.withPassword(secret);
        assertThat(device.propfind("", "0", null).statusCode()).isEqualTo(207);

        Ocs.Answer listed = call(account, "GET", "apppasswords", null);
        assertThat(listed.http()).isEqualTo(200);
        JsonNode rows = listed.data();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("name").asText()).isEqualTo("Laptop ü");
        assertThat(rows.get(0).has("apppassword")).as("no secret listed").isFalse();
        assertThat(listed.body()).doesNotContain(secret);
        long id = rows.get(0).path("id").asLong();

        // the device may look, but neither make more nor revoke
        Ocs.Answer seenByDevice = call(device, "GET", "apppasswords", null);
        assertThat(seenByDevice.http()).isEqualTo(200);
        assertThat(seenByDevice.data().get(0).path("current").asBoolean()).isTrue();
        assertThat(call(device, "POST", "apppasswords", "name=more").http()).isEqualTo(403);
        assertThat(call(device, "DELETE", "apppasswords/" + id, null).http()).isEqualTo(403);

        // another user can neither see nor revoke it
        Dav other = s.dav(s.newUser("own"));
        assertThat(call(other, "GET", "apppasswords", null).data()).isEmpty();
        assertThat(call(other, "DELETE", "apppasswords/" + id, null).http()).isEqualTo(404);
        assertThat(call(account, "DELETE", "apppasswords/nonsense", null).http())
                .isEqualTo(404);

        assertThat(call(account, "DELETE", "apppasswords/" + id, null).http()).isEqualTo(200);
        Account a = s.users().find(login).orElseThrow();
        assertThat(s.backend.appPasswords().list(a.id())).isEmpty();
        assertThat(call(account, "DELETE", "apppasswords/" + id, null).http()).isEqualTo(404);
    }

    @Test
    void aNameIsNeededAndAnonymousIsRefused() {
        String login = s.newUser("own");
        Dav account = s.dav(login);
        String pw = "&password=pw-" + login;
        assertThat(call(account, "POST", "apppasswords", pw).http()).isEqualTo(400);
        assertThat(call(account, "POST", "apppasswords", "name=%0A" + pw).http())
                .isEqualTo(400);
        assertThat(call(account, "POST", "apppasswords", "name=a%E2%80%AEb" + pw)
                        .http())
                .isEqualTo(400);
        Ocs.Answer tooLong = call(account, "POST", "apppasswords", "name=" + "n".repeat(256) + pw);
        assertThat(tooLong.http()).isEqualTo(400);
        assertThat(tooLong.body()).doesNotContain("n".repeat(256));
        assertThat(call(account, "POST", "apppasswords", "name=x").http())
                .as("no account password")
                .isEqualTo(403);
        assertThat(call(account, "POST", "apppasswords", "name=x&password=wrong")
                        .http())
                .isEqualTo(403);
        assertThat(call(s.anonymous(), "GET", "apppasswords", null).http()).isEqualTo(401);
        assertThat(call(s.anonymous(), "GET", "preferences", null).http()).isEqualTo(401);
    }

    @Test
    void languageIsStoredPerUser() {
        String login = s.newUser("own");
        Dav account = s.dav(login);
        Account a = s.users().find(login).orElseThrow();
        assertThat(call(account, "GET", "preferences", null)
                        .data()
                        .path("language")
                        .asText())
                .isEmpty();
        assertThat(s.backend.preferences().language(a.id())).isEmpty();

        Ocs.Answer set = call(account, "PUT", "preferences", "language=de");
        assertThat(set.http()).as(set.body()).isEqualTo(200);
        assertThat(set.data().path("language").asText()).isEqualTo("de");
        assertThat(s.backend.preferences().language(a.id())).contains("de");
        assertThat(call(account, "PUT", "preferences", "language=en").http()).isEqualTo(200);
        assertThat(s.backend.preferences().language(a.id())).contains("en");

        assertThat(call(account, "PUT", "preferences", "language=fr").http()).isEqualTo(400);
        assertThat(call(account, "PUT", "preferences", "").http()).isEqualTo(400);
        assertThat(s.backend.preferences().language(a.id())).contains("en");

        String otherLogin = s.newUser("own");
        Account other = s.users().find(otherLogin).orElseThrow();
        assertThat(s.backend.preferences().language(other.id())).isEmpty();

        assertThat(call(account, "PUT", "preferences", "language=").http()).isEqualTo(200);
        assertThat(s.backend.preferences().language(a.id())).isEmpty();

        // the row goes with the account
        call(account, "PUT", "preferences", "language=de");
        s.users().delete(login);
        assertThat(s.backend.preferences().language(a.id())).isEmpty();
    }

    @Test
    void passwordChangeThroughTheProvisioningApiNeedsTheCurrentPassword() {
        String login = s.newUser("own");
        Dav account = s.dav(login);
        String route = "v2.php/cloud/users/" + login + "?format=json";
        Ocs.Answer wrong = new Ocs(account)
                .send(
                        "PUT",
                        route,
                        "key=password&value=new-secret-1&currentpassword=nope",
                        "OCS-APIRequest",
                        "true",
                        "Content-Type",
                        FORM);
        assertThat(wrong.http()).isEqualTo(403);
        Ocs.Answer ok = new Ocs(account)
                .send(
                        "PUT",
                        route,
                        "key=password&value=new-secret-1&currentpassword=pw-" + login,
                        "OCS-APIRequest",
                        "true",
                        "Content-Type",
                        FORM);
        assertThat(ok.http()).as(ok.body()).isEqualTo(200);
        assertThat(account.withPassword("new-secret-1").propfind("", "0", null).statusCode())
                .isEqualTo(207);
    }
}
