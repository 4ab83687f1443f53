package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.AuditEvent;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** The provisioning API's account administration over real HTTP: admins can, others get 403, the trail records. */
class AdminUsersApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private final TestServer s = TestServer.get();

    private String newAdmin() {
        String login = "adm" + System.nanoTime() % 10_000_000;
        s.users().add(login, "pw-" + login, true, null, null, -1);
        return login;
    }

    private static Ocs.Answer call(Ocs ocs, String method, String route, String form) {
        String url = "v2.php/" + route + (route.contains("?") ? "&" : "?") + "format=json";
        return form == null ? ocs.send(method, url, null) : ocs.send(method, url, form, "Content-Type", FORM);
    }

    private List<String> actions(String actor) {
        List<String> out = new ArrayList<>();
        for (AuditEvent e : s.backend.audit().list(null, null, actor, 100)) {
            out.add(e.action() + " " + e.subject());
        }
        return out;
    }

    @Test
    void anAdminCreatesListsDisablesEnablesAndDeletesAUser() {
        String admin = newAdmin();
        Ocs ocs = new Ocs(s.dav(admin));
        String login = "made" + System.nanoTime() % 10_000_000;

        Ocs.Answer made = call(ocs, "POST", "cloud/users", "userid=" + login + "&password=long-enough-1&quota=1G");
        assertThat(made.http()).as(made.body()).isEqualTo(200);
        assertThat(made.data().path("id").asText()).isEqualTo(login);
        assertThat(s.dav(login)
                        .withPassword("long-enough-1")
                        .propfind("", "0", null)
                        .statusCode())
                .isEqualTo(207);
        assertThat(s.users().find(login).orElseThrow().quotaBytes()).isEqualTo(1L << 30);

        Ocs.Answer list = call(ocs, "GET", "cloud/users?search=" + login, null);
        assertThat(list.data().path("users").toString()).isEqualTo("[\"" + login + "\"]");
        JsonNode details = call(ocs, "GET", "cloud/users/details?search=" + login, null)
                .data()
                .path("users")
                .path(login);
        assertThat(details.path("enabled").asBoolean()).isTrue();
        assertThat(details.path("isAdmin").asBoolean()).isFalse();
        assertThat(details.path("quota").path("quota").asLong()).isEqualTo(1L << 30);
        assertThat(call(ocs, "GET", "cloud/users?limit=1&offset=0", null)
                        .data()
                        .path("users")
                        .size())
                .isEqualTo(1);

        assertThat(call(ocs, "PUT", "cloud/users/" + login, "key=quota&value=none")
                        .http())
                .isEqualTo(200);
        assertThat(s.users().find(login).orElseThrow().quotaBytes()).isEqualTo(-1);
        assertThat(call(ocs, "PUT", "cloud/users/" + login + "/disable", "").http())
                .isEqualTo(200);
        assertThat(s.users().find(login).orElseThrow().enabled()).isFalse();
        assertThat(call(ocs, "PUT", "cloud/users/" + login + "/enable", "").http())
                .isEqualTo(200);
        assertThat(s.users().find(login).orElseThrow().enabled()).isTrue();
        assertThat(call(ocs, "DELETE", "cloud/users/" + login, null).http()).isEqualTo(200);
        assertThat(s.users().find(login)).isEmpty();

        assertThat(actions(admin))
                .containsExactly(
                        "user.delete " + login,
                        "user.enable " + login,
                        "user.disable " + login,
                        "user.quota " + login,
                        "user.add " + login);
    }

    @Test
    void othersAreRefusedWith403AndNothingChanges() {
        String alice = s.newUser("alice");
        String bob = s.newUser("bob");
        Ocs ocs = new Ocs(s.dav(alice));
        String[][] calls = {
            {"GET", "cloud/users", null},
            {"GET", "cloud/users/details", null},
            {"POST", "cloud/users", "userid=intruder&password=long-enough-1"},
            {"PUT", "cloud/users/" + bob + "/disable", ""},
            {"DELETE", "cloud/users/" + bob, null},
            {"GET", "cloud/users/" + bob + "/groups", null},
            {"GET", "apps/kiste/api/v1/users/" + bob + "/apppasswords", null},
            {"DELETE", "apps/kiste/api/v1/users/" + bob + "/apppasswords/1", null},
            {"GET", "cloud/groups", null},
            {"POST", "cloud/groups", "groupid=intruders"},
            {"GET", "apps/kiste/api/v1/teamfolders", null},
            {"POST", "apps/kiste/api/v1/teamfolders", "name=intruders"},
            {"GET", "apps/kiste/api/v1/teamfoldertrash", null},
            {"GET", "apps/kiste/api/v1/audit", null}
        };
        for (String[] c : calls) {
            Ocs.Answer a = call(ocs, c[0], c[1], c[2]);
            assertThat(a.http()).as(c[0] + " " + c[1] + ": " + a.body()).isEqualTo(403);
            assertThat(a.meta().path("statuscode").asInt()).isEqualTo(403);
        }
        Ocs.Answer v1 = ocs.json("v1.php/cloud/users");
        assertThat(v1.http()).isEqualTo(200);
        assertThat(v1.meta().path("statuscode").asInt()).isEqualTo(403);
        assertThat(s.users().find(bob).orElseThrow().enabled()).isTrue();
        assertThat(s.users().find("intruder")).isEmpty();
        assertThat(s.backend.teamFolders().find("intruders")).isEmpty();
        // a user may still not set their own quota
        assertThat(call(ocs, "PUT", "cloud/users/" + alice, "key=quota&value=1G")
                        .http())
                .isEqualTo(400);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        String admin = newAdmin();
        String existing = s.newUser("taken");
        Ocs ocs = new Ocs(s.dav(admin));
        assertThat(call(ocs, "POST", "cloud/users", "userid=bad%2Fname&password=long-enough-1")
                        .meta()
                        .path("message")
                        .asText())
                .contains("invalid user name");
        assertThat(call(ocs, "POST", "cloud/users", "userid=shorty&password=abc")
                        .http())
                .isEqualTo(400);
        assertThat(call(ocs, "POST", "cloud/users", "password=long-enough-1").http())
                .isEqualTo(400);
        assertThat(call(ocs, "POST", "cloud/users", "userid=q1&password=long-enough-1&quota=lots")
                        .http())
                .isEqualTo(400);
        assertThat(call(ocs, "POST", "cloud/users", "userid=q1&password=long-enough-1&displayName=a%0Ab")
                        .http())
                .isEqualTo(400);
        assertThat(call(ocs, "POST", "cloud/users", "userid=q1&password=long-enough-1&email=nope")
                        .http())
                .isEqualTo(400);
        assertThat(s.users().find("q1")).isEmpty();
        Ocs.Answer dup = call(ocs, "POST", "cloud/users", "userid=" + existing + "&password=long-enough-1");
        assertThat(dup.http()).isEqualTo(409);
        assertThat(dup.meta().path("message").asText()).contains("already exists");
        assertThat(call(ocs, "PUT", "cloud/users/nobody-such/disable", "").http())
                .isEqualTo(404);
        assertThat(call(ocs, "DELETE", "cloud/users/nobody-such", null).http()).isEqualTo(404);
        assertThat(call(ocs, "PUT", "cloud/users/" + existing, "key=quota&value=-5")
                        .http())
                .isEqualTo(400);
        assertThat(call(ocs, "GET", "cloud/users?limit=-1", null).http()).isEqualTo(400);
        // the API cannot lock its caller out
        assertThat(call(ocs, "PUT", "cloud/users/" + admin + "/disable", "").http())
                .isEqualTo(400);
        assertThat(call(ocs, "DELETE", "cloud/users/" + admin, null).http()).isEqualTo(400);
        assertThat(s.users().find(admin).orElseThrow().enabled()).isTrue();
    }

    @Test
    void anAdminSeesAndRevokesAUsersAppPasswords() {
        String admin = newAdmin();
        String user = s.newUser("dev");
        String secret = new Ocs(s.dav(user))
                .send("GET", "v2.php/core/getapppassword?format=json", null, "User-Agent", "Phone <b>")
                .data()
                .path("apppassword")
                .asText();
        assertThat(s.dav(user).withPassword(secret).propfind("", "0", null).statusCode())
                .isEqualTo(207);
        Ocs ocs = new Ocs(s.dav(admin));
        String route = "apps/kiste/api/v1/users/" + user + "/apppasswords";
        JsonNode list = call(ocs, "GET", route, null).data();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).path("name").asText()).isEqualTo("Phone <b>");
        long id = list.get(0).path("id").asLong();

        assertThat(call(ocs, "DELETE", route + "/abc", null).http()).isEqualTo(400);
        assertThat(call(ocs, "DELETE", route + "/" + (id + 1000), null).http()).isEqualTo(404);
        assertThat(call(ocs, "DELETE", route + "/" + id, null).http()).isEqualTo(200);
        assertThat(call(ocs, "GET", route, null).data().size()).isZero();
        assertThat(actions(admin)).containsExactly("user.app-password-revoke " + user);
    }

    @Test
    void theAuditTrailIsFilteredByActorAndTime() {
        String admin = newAdmin();
        Ocs ocs = new Ocs(s.dav(admin));
        String group = "audited" + System.nanoTime() % 10_000_000;
        assertThat(call(ocs, "POST", "cloud/groups", "groupid=" + group).http()).isEqualTo(200);
        JsonNode rows = call(ocs, "GET", "apps/kiste/api/v1/audit?actor=" + admin + "&since=1h", null)
                .data();
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).path("action").asText()).isEqualTo("group.add");
        assertThat(rows.get(0).path("subject").asText()).isEqualTo(group);
        assertThat(rows.get(0).path("actor").asText()).isEqualTo(admin);
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/audit?actor=" + admin + "&until=2000-01-01", null)
                        .data()
                        .size())
                .isZero();
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/audit?limit=1", null)
                        .data()
                        .size())
                .isEqualTo(1);
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/audit?since=yesterday", null)
                        .meta()
                        .path("message")
                        .asText())
                .contains("neither a date");
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/audit?limit=0", null).http())
                .isEqualTo(400);
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/audit?limit=100000", null)
                        .http())
                .isEqualTo(400);
        String hostile = URLEncoder.encode("x' OR '1'='1", StandardCharsets.UTF_8);
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/audit?actor=" + hostile, null)
                        .data()
                        .size())
                .isZero();
    }

    private static Ocs.Answer unsafe(Ocs ocs, String method, String route, String form) {
        String url = "v2.php/" + route + (route.contains("?") ? "&" : "?") + "format=json";
        return ocs.send(method, url, form, "OCS-APIRequest", "true", "Content-Type", FORM);
    }

    @Test
    void anAdminsAppPasswordGainsNoLastingControl() {
        String admin = newAdmin();
        long adminId = s.users().find(admin).orElseThrow().id();
        String secret = s.backend.appPasswords().create(adminId, admin, "stolen");
        String kept = s.backend.appPasswords().create(adminId, admin, "laptop");
        long keptId = s.backend.appPasswords().list(adminId).stream()
                .filter(p -> p.name().equals("laptop"))
                .findFirst()
                .orElseThrow()
                .id();
        Ocs stolen = new Ocs(s.dav(admin).withPassword(secret));
        String user = s.newUser("victim");
        String login = "made" + System.nanoTime() % 10_000_000;
        assertThat(unsafe(stolen, "POST", "cloud/users", "userid=" + login + "&password=long-enough-1")
                        .http())
                .isEqualTo(403);
        assertThat(unsafe(stolen, "PUT", "cloud/users/" + user + "/disable", "").http())
                .isEqualTo(403);
        assertThat(unsafe(stolen, "DELETE", "cloud/users/" + user, null).http()).isEqualTo(403);
        assertThat(unsafe(stolen, "DELETE", "apps/kiste/api/v1/users/" + admin + "/apppasswords/" + keptId, null)
                        .http())
                .as("the admin's other devices stay")
                .isEqualTo(403);
        assertThat(s.users().find(login)).isEmpty();
        assertThat(s.users().find(user).orElseThrow().enabled()).isTrue();
        assertThat(s.dav(admin).withPassword(kept).propfind("", "0", null).statusCode())
                .isEqualTo(207);
    }

    @Test
    void theUserListIsPagedInTheDatabase() {
        String admin = newAdmin();
        Ocs ocs = new Ocs(s.dav(admin));
        String tag = "pg" + System.nanoTime() % 10_000_000 + "x";
        for (int i = 0; i < 3; i++) {
            s.users().add(tag + i, "pw-long-enough", false, null, null, -1);
        }
        assertThat(call(ocs, "GET", "cloud/users?search=" + tag + "&limit=2", null)
                        .data()
                        .path("users")
                        .toString())
                .isEqualTo("[\"" + tag + "0\",\"" + tag + "1\"]");
        assertThat(call(ocs, "GET", "cloud/users?search=" + tag + "&limit=2&offset=2", null)
                        .data()
                        .path("users")
                        .toString())
                .isEqualTo("[\"" + tag + "2\"]");
        assertThat(call(ocs, "GET", "cloud/users?search=" + tag.toUpperCase(java.util.Locale.ROOT), null)
                        .data()
                        .path("users")
                        .size())
                .isEqualTo(3);
        assertThat(call(ocs, "GET", "cloud/users?search=%25" + tag, null)
                        .data()
                        .path("users")
                        .size())
                .as("a % is searched for, not a wildcard")
                .isZero();
        assertThat(call(ocs, "GET", "cloud/users?limit=100000", null)
                        .data()
                        .path("users")
                        .size())
                .isLessThanOrEqualTo(org.kiste.auth.UserService.MAX_PAGE);
        String group = "pgroup" + System.nanoTime() % 10_000_000;
        s.backend.groups().add(admin, group, null);
        s.backend.groups().addMember(admin, group, tag + "1");
        JsonNode details = call(ocs, "GET", "cloud/users/details?search=" + tag, null)
                .data()
                .path("users");
        assertThat(details.path(tag + "1").path("groups").toString()).isEqualTo("[\"" + group + "\"]");
        assertThat(details.path(tag + "0").path("groups").toString()).isEqualTo("[]");
    }
}
