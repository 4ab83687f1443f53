package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** {@code cloud/user}, {@code cloud/users/{id}}: records, quota numbers, who may read and edit what. */
class UsersApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private final TestServer s = TestServer.get();

    private String newUser(String prefix, long quota, boolean admin) {
        String login = prefix + System.nanoTime() % 10_000_000;
        s.users().add(login, "pw-" + login, admin, "Name of " + login, login + "@example.org", quota);
        return login;
    }

    @Test
    void currentUserWithUnlimitedQuota() {
        String login = s.newUser("me");
        Dav dav = s.dav(login);
        assertThat(dav.put("f.txt", "0123456789").statusCode()).isEqualTo(201);
        JsonNode d = new Ocs(dav).json("v1.php/cloud/user").data();
        assertThat(d.path("id").asText()).isEqualTo(login);
        assertThat(d.path("display-name").asText()).isEqualTo(login);
        assertThat(d.path("displayname").asText()).isEqualTo(login);
        assertThat(d.path("email").isNull()).isTrue();
        assertThat(d.path("enabled").asBoolean()).isTrue();
        assertThat(d.path("groups").isArray()).isTrue();
        assertThat(d.path("groups")).isEmpty();
        JsonNode q = d.path("quota");
        assertThat(q.path("quota").asLong()).isEqualTo(-3);
        assertThat(q.path("used").asLong()).isEqualTo(10);
        assertThat(q.path("free").asLong()).isGreaterThan(0);
        assertThat(q.path("total").asLong())
                .isEqualTo(q.path("used").asLong() + q.path("free").asLong());
        assertThat(q.path("relative").isNumber()).isTrue();
    }

    @Test
    void currentUserWithLimitedQuota() {
        String login = newUser("lim", 1000, false);
        Dav dav = s.dav(login);
        assertThat(dav.put("f.txt", "x".repeat(125)).statusCode()).isEqualTo(201);
        JsonNode d = new Ocs(dav).json("v2.php/cloud/user").data();
        assertThat(d.path("email").asText()).isEqualTo(login + "@example.org");
        assertThat(d.path("display-name").asText()).isEqualTo("Name of " + login);
        JsonNode q = d.path("quota");
        assertThat(q.path("quota").asLong()).isEqualTo(1000);
        assertThat(q.path("used").asLong()).isEqualTo(125);
        assertThat(q.path("free").asLong()).isEqualTo(875);
        assertThat(q.path("total").asLong()).isEqualTo(1000);
        assertThat(q.path("relative").asDouble()).isEqualTo(12.5);
        // the same numbers the WebDAV quota properties give
        assertThat(dav.props("", "0", "quota-available-bytes").self().text("quota-available-bytes"))
                .isEqualTo("875");
    }

    @Test
    void usersByIdSelfAdminAndOthers() {
        String alice = newUser("alice", -1, false);
        String bob = newUser("bob", -1, false);
        String admin = newUser("adm", -1, true);
        Ocs asAlice = new Ocs(s.dav(alice));

        Ocs.Answer own = asAlice.json("v2.php/cloud/users/" + alice);
        assertThat(own.http()).isEqualTo(200);
        assertThat(own.data().path("id").asText()).isEqualTo(alice);
        assertThat(own.data().path("displayname").asText()).isEqualTo("Name of " + alice);
        assertThat(own.data().has("quota")).isTrue();

        Ocs.Answer other = asAlice.json("v2.php/cloud/users/" + bob);
        assertThat(other.http()).isEqualTo(403);
        assertThat(other.meta().path("statuscode").asInt()).isEqualTo(403);
        Ocs.Answer otherV1 = asAlice.json("v1.php/cloud/users/" + bob);
        assertThat(otherV1.http()).isEqualTo(200);
        assertThat(otherV1.meta().path("statuscode").asInt()).isEqualTo(403);
        assertThat(otherV1.meta().path("status").asText()).isEqualTo("failure");
        // a non-admin cannot tell unknown logins from others' logins
        assertThat(asAlice.json("v2.php/cloud/users/nobody-such").http()).isEqualTo(403);

        Ocs asAdmin = new Ocs(s.dav(admin));
        assertThat(asAdmin.json("v2.php/cloud/users/" + bob).data().path("id").asText())
                .isEqualTo(bob);
        Ocs.Answer unknown = asAdmin.json("v2.php/cloud/users/nobody-such");
        assertThat(unknown.http()).isEqualTo(404);
        assertThat(unknown.meta().path("statuscode").asInt()).isEqualTo(404);
        assertThat(asAdmin.json("v1.php/cloud/users/nobody-such")
                        .meta()
                        .path("statuscode")
                        .asInt())
                .isEqualTo(404);
    }

    @Test
    void passwordChangeBySelf() {
        String login = newUser("pw", -1, false);
        Dav old = s.dav(login);
        String app = new Ocs(old)
                .json("v2.php/core/getapppassword")
                .data()
                .path("apppassword")
                .asText();
        Ocs.Answer r = new Ocs(old)
                .send(
                        "PUT",
                        "v2.php/cloud/users/" + login + "?format=json",
                        "key=password&value=new-secret-1&currentpassword=pw-" + login,
                        "Content-Type",
                        FORM);
        assertThat(r.http()).as(r.body()).isEqualTo(200);
        assertThat(r.meta().path("statuscode").asInt()).isEqualTo(200);
        awaitPropfind(old, 401);
        Dav renewed = old.withPassword("new-secret-1");
        assertThat(renewed.propfind("", "0", null).statusCode()).isEqualTo(207);
        // app passwords are separate credentials: they keep working
        assertThat(old.withPassword(app).propfind("", "0", null).statusCode()).isEqualTo(207);

        // a JSON body works too (v1: success is 100)
        Ocs.Answer json = new Ocs(renewed)
                .send(
                        "PUT",
                        "v1.php/cloud/users/" + login + "?format=json",
                        "{\"key\":\"password\",\"value\":\"new-secret-2\",\"currentpassword\":\"new-secret-1\"}",
                        "Content-Type",
                        "application/json");
        assertThat(json.meta().path("statuscode").asInt()).as(json.body()).isEqualTo(100);
        awaitPropfind(old.withPassword("new-secret-2"), 207);
    }

    @Test
    void anAppPasswordCannotChangeThePasswordAndTheAccountPasswordMustBeGivenAgain() {
        String login = newUser("steal", -1, false);
        Dav dav = s.dav(login);
        String app = new Ocs(dav)
                .json("v2.php/core/getapppassword")
                .data()
                .path("apppassword")
                .asText();
        String route = "v2.php/cloud/users/" + login + "?format=json";
        // a stolen app password, even with the right current password, cannot take the account over
        Ocs.Answer byApp = new Ocs(dav.withPassword(app))
                .send(
                        "PUT",
                        route,
                        "key=password&value=taken-over-1&currentpassword=pw-" + login,
                        "Content-Type",
                        FORM);
        assertThat(byApp.http()).as(byApp.body()).isEqualTo(403);
        assertThat(byApp.meta().path("statuscode").asInt()).isEqualTo(403);
        Ocs.Answer byAppV1 = new Ocs(dav.withPassword(app))
                .send(
                        "PUT",
                        "v1.php/cloud/users/" + login + "?format=json",
                        "key=password&value=taken-over-1",
                        "Content-Type",
                        FORM);
        assertThat(byAppV1.meta().path("statuscode").asInt()).isEqualTo(403);
        // the account password as login is not enough: it must be given again, and right
        Ocs ocs = new Ocs(dav);
        assertThat(ocs.send("PUT", route, "key=password&value=taken-over-1", "Content-Type", FORM)
                        .http())
                .isEqualTo(403);
        assertThat(ocs.send("PUT", route, "key=password&value=taken-over-1&currentpassword=guess", "Content-Type", FORM)
                        .http())
                .isEqualTo(403);
        assertThat(dav.propfind("", "0", null).statusCode()).isEqualTo(207);
        Ocs.Answer ok = ocs.send(
                "PUT", route, "key=password&value=changed-at-last&currentpassword=pw-" + login, "Content-Type", FORM);
        assertThat(ok.http()).as(ok.body()).isEqualTo(200);
        awaitPropfind(dav.withPassword("changed-at-last"), 207);
    }

    @Test
    void tooShortOrEmptyPasswordIsRefusedWithAMessage() {
        String login = newUser("short", -1, false);
        Ocs ocs = new Ocs(s.dav(login));
        for (String value : new String[] {"", "abc"}) {
            Ocs.Answer v2 = ocs.send(
                    "PUT",
                    "v2.php/cloud/users/" + login + "?format=json",
                    "key=password&value=" + value + "&currentpassword=pw-" + login,
                    "Content-Type",
                    FORM);
            assertThat(v2.http()).isEqualTo(400);
            assertThat(v2.meta().path("statuscode").asInt()).isEqualTo(400);
            assertThat(v2.meta().path("message").asText()).contains("at least");
            Ocs.Answer v1 = ocs.send(
                    "PUT",
                    "v1.php/cloud/users/" + login + "?format=json",
                    "key=password&value=" + value + "&currentpassword=pw-" + login,
                    "Content-Type",
                    FORM);
            assertThat(v1.http()).isEqualTo(200);
            assertThat(v1.meta().path("statuscode").asInt()).isEqualTo(102);
        }
        assertThat(s.dav(login).propfind("", "0", null).statusCode()).isEqualTo(207);
    }

    @Test
    void othersPasswordOnlyByAdmin() {
        String alice = newUser("alice", -1, false);
        String bob = newUser("bob", -1, false);
        String admin = newUser("adm", -1, true);
        Ocs.Answer refused = new Ocs(s.dav(alice))
                .send(
                        "PUT",
                        "v2.php/cloud/users/" + bob + "?format=json",
                        "key=password&value=taken-over-1",
                        "Content-Type",
                        FORM);
        assertThat(refused.http()).isEqualTo(403);
        assertThat(s.dav(bob).propfind("", "0", null).statusCode()).isEqualTo(207);

        Ocs.Answer byAdmin = new Ocs(s.dav(admin))
                .send(
                        "PUT",
                        "v2.php/cloud/users/" + bob + "?format=json",
                        "key=password&value=reset-by-admin&currentpassword=pw-" + admin,
                        "Content-Type",
                        FORM);
        assertThat(byAdmin.http()).isEqualTo(200);
        awaitPropfind(s.dav(bob).withPassword("reset-by-admin"), 207);
    }

    @Test
    void displayNameAndEmail() {
        String login = newUser("prof", -1, false);
        Ocs ocs = new Ocs(s.dav(login));
        String route = "v2.php/cloud/users/" + login + "?format=json";
        assertThat(ocs.send("PUT", route, "key=displayname&value=Zoë%20Z.", "Content-Type", FORM)
                        .http())
                .isEqualTo(200);
        assertThat(ocs.send("PUT", route, "key=email&value=zoe%40example.org", "Content-Type", FORM)
                        .http())
                .isEqualTo(200);
        for (String bidi : new String[] {"%E2%80%AE", "%E2%81%A6", "%E2%80%8F"}) {
            assertThat(ocs.send(
                                    "PUT",
                                    route,
                                    "key=displayname&value=evil" + bidi + "fdp.exe",
                                    "OCS-APIRequest",
                                    "true",
                                    "Content-Type",
                                    FORM)
                            .http())
                    .as("direction character %s", bidi)
                    .isEqualTo(400);
        }
        JsonNode d = ocs.json("v2.php/cloud/user").data();
        assertThat(d.path("display-name").asText()).isEqualTo("Zoë Z.");
        assertThat(d.path("email").asText()).isEqualTo("zoe@example.org");
        assertThat(ocs.send("PUT", route, "key=email&value=not-an-address", "Content-Type", FORM)
                        .http())
                .isEqualTo(400);
        assertThat(ocs.send("PUT", route, "key=email&value=", "Content-Type", FORM)
                        .http())
                .isEqualTo(200);
        assertThat(ocs.json("v2.php/cloud/user").data().path("email").isNull()).isTrue();
        assertThat(ocs.send("PUT", route, "key=quota&value=1", "Content-Type", FORM)
                        .http())
                .isEqualTo(400);
        assertThat(ocs.send("PUT", route, "value=1", "Content-Type", FORM).http())
                .isEqualTo(400);
    }

    /** Polls until a PROPFIND gives {@code status} (credentials are re-read within a second), at most 3 s. */
    private static void awaitPropfind(Dav dav, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int last;
        do {
            last = dav.propfind("", "0", null).statusCode();
            if (last == status) {
                return;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        assertThat(last).as("PROPFIND status after 3 s").isEqualTo(status);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
