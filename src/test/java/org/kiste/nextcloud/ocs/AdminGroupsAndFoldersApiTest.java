package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.AuditEvent;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** Groups and team folders through the admin API over real HTTP, with their audit rows and refusals. */
class AdminGroupsAndFoldersApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FOLDERS = "apps/kiste/api/v1/teamfolders";
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
            out.add(e.action() + " " + e.subject() + (e.target() == null ? "" : " " + e.target()));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    @Test
    void groupsAreAddedRenamedFilledAndDeleted() {
        String admin = newAdmin();
        String member = s.newUser("mem");
        Ocs ocs = new Ocs(s.dav(admin));
        String g = "choir" + System.nanoTime() % 10_000_000;
        assertThat(call(ocs, "POST", "cloud/groups", "groupid=" + g).http()).isEqualTo(200);
        assertThat(call(ocs, "POST", "cloud/groups", "groupid=" + g).http()).isEqualTo(409);
        assertThat(call(ocs, "GET", "cloud/groups?search=" + g, null)
                        .data()
                        .path("groups")
                        .toString())
                .isEqualTo("[\"" + g + "\"]");
        assertThat(call(ocs, "POST", "cloud/users/" + member + "/groups", "groupid=" + g)
                        .http())
                .isEqualTo(200);
        assertThat(call(ocs, "GET", "cloud/groups/" + g + "/users", null)
                        .data()
                        .path("users")
                        .toString())
                .isEqualTo("[\"" + member + "\"]");
        assertThat(call(ocs, "GET", "cloud/users/" + member + "/groups", null)
                        .data()
                        .path("groups")
                        .toString())
                .isEqualTo("[\"" + g + "\"]");
        JsonNode details = call(ocs, "GET", "cloud/groups/details?search=" + g, null)
                .data()
                .path("groups")
                .get(0);
        assertThat(details.path("usercount").asInt()).isEqualTo(1);

        // the display name is the name shown; the id stays
        assertThat(call(ocs, "PUT", "cloud/groups/" + g, "key=displayname&value=The%20Choir")
                        .http())
                .isEqualTo(200);
        JsonNode shown = call(ocs, "GET", "cloud/groups/details?search=" + g, null)
                .data()
                .path("groups")
                .get(0);
        assertThat(shown.path("id").asText()).isEqualTo(g);
        assertThat(shown.path("displayname").asText()).isEqualTo("The Choir");
        assertThat(call(ocs, "GET", "cloud/groups?search=the%20choir", null)
                        .data()
                        .path("groups")
                        .toString())
                .contains("\"" + g + "\"");

        String renamed = g + " new";
        assertThat(call(ocs, "PUT", "cloud/groups/" + g, "key=id&value=" + g + "%20new")
                        .http())
                .isEqualTo(200);
        assertThat(call(ocs, "GET", "cloud/groups/" + g + "/users", null).http())
                .isEqualTo(404);
        String enc = g + "%20new";
        assertThat(call(ocs, "DELETE", "cloud/users/" + member + "/groups", "groupid=" + enc)
                        .http())
                .isEqualTo(200);
        assertThat(call(ocs, "DELETE", "cloud/groups/" + enc, null).http()).isEqualTo(200);
        assertThat(s.backend.groups().list()).noneMatch(x -> x.name().equals(renamed));

        assertThat(actions(admin))
                .containsExactly(
                        "group.add " + g,
                        "group.add-member " + g + " user:" + member,
                        "group.displayname " + g,
                        "group.rename " + g + " " + renamed,
                        "group.remove-member " + renamed + " user:" + member,
                        "group.delete " + renamed);
    }

    @Test
    void groupsArePagedInTheCore() {
        Ocs ocs = new Ocs(s.dav(newAdmin()));
        String prefix = "pg" + System.nanoTime() % 10_000_000 + "_";
        for (int i = 0; i < 5; i++) {
            assertThat(call(ocs, "POST", "cloud/groups", "groupid=" + prefix + i)
                            .http())
                    .isEqualTo(200);
        }
        assertThat(call(ocs, "GET", "cloud/groups?search=" + prefix + "&limit=2&offset=1", null)
                        .data()
                        .path("groups")
                        .toString())
                .isEqualTo("[\"" + prefix + "1\",\"" + prefix + "2\"]");
        // '_' is no wildcard
        assertThat(call(ocs, "GET", "cloud/groups?search=" + prefix.replace("_", "x"), null)
                        .data()
                        .path("groups")
                        .size())
                .isZero();
        assertThat(s.backend.groups().page(null, Integer.MAX_VALUE, 0).size())
                .isLessThanOrEqualTo(org.kiste.groups.GroupService.MAX_PAGE);
        assertThat(s.backend.groups().page(prefix, 2, 4)).hasSize(1);
    }

    @Test
    void badGroupInputIsRefused() {
        Ocs ocs = new Ocs(s.dav(newAdmin()));
        assertThat(call(ocs, "POST", "cloud/groups", "groupid=%20lead")
                        .meta()
                        .path("message")
                        .asText())
                .contains("invalid group name");
        assertThat(call(ocs, "POST", "cloud/groups", "groupid=").http()).isEqualTo(400);
        assertThat(call(ocs, "POST", "cloud/groups", "groupid=ok1&displayname=a%0Ab")
                        .http())
                .isEqualTo(400);
        assertThat(call(ocs, "PUT", "cloud/groups/nosuch", "key=displayname&value=x")
                        .http())
                .isEqualTo(404);
        assertThat(call(ocs, "PUT", "cloud/groups/nosuch", "key=colour&value=x").http())
                .isEqualTo(400);
        assertThat(call(ocs, "DELETE", "cloud/groups/nosuch", null).http()).isEqualTo(404);
        assertThat(call(ocs, "POST", "cloud/users/nosuch/groups", "groupid=nosuch")
                        .http())
                .isEqualTo(404);
    }

    @Test
    void teamFoldersAreCreatedGrantedTrashedAndRestored() {
        String admin = newAdmin();
        String user = s.newUser("tf");
        Ocs ocs = new Ocs(s.dav(admin));
        String f = "Stage " + System.nanoTime() % 10_000_000;
        String enc = f.replace(" ", "%20");
        JsonNode made = call(ocs, "POST", FOLDERS, "name=" + enc + "&quota=10G").data();
        assertThat(made.path("name").asText()).isEqualTo(f);
        assertThat(made.path("quota").asLong()).isEqualTo(10L << 30);
        assertThat(call(ocs, "POST", FOLDERS, "name=" + enc).http()).isEqualTo(409);

        assertThat(call(ocs, "PUT", FOLDERS + "/" + enc + "/grants", "type=user&subject=" + user + "&role=viewer")
                        .http())
                .isEqualTo(200);
        assertThat(s.dav(user).propfind(enc, "0", null).statusCode()).isEqualTo(207);
        assertThat(call(ocs, "PUT", FOLDERS + "/" + enc + "/grants", "type=user&subject=" + user + "&role=editor")
                        .http())
                .isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode n : call(ocs, "GET", FOLDERS, null).data()) {
            if (n.path("name").asText().equals(f)) {
                listed = n;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("grants").get(0).path("role").asText()).isEqualTo("editor");
        assertThat(listed.path("grants").get(0).path("subject").asText()).isEqualTo(user);

        assertThat(call(ocs, "PUT", FOLDERS + "/" + enc, "key=quota&value=none").http())
                .isEqualTo(200);
        String g = f + "x";
        String genc = enc + "x";
        assertThat(call(ocs, "PUT", FOLDERS + "/" + enc, "key=name&value=" + genc)
                        .http())
                .isEqualTo(200);
        assertThat(call(ocs, "DELETE", FOLDERS + "/" + genc + "/grants", "type=user&subject=" + user)
                        .http())
                .isEqualTo(200);
        assertThat(call(ocs, "DELETE", FOLDERS + "/" + genc, null).http()).isEqualTo(200);
        assertThat(call(ocs, "GET", "apps/kiste/api/v1/teamfoldertrash", null)
                        .data()
                        .toString())
                .contains("\"name\":\"" + g + "\"");
        assertThat(call(ocs, "POST", "apps/kiste/api/v1/teamfoldertrash/" + genc, "")
                        .http())
                .isEqualTo(200);
        assertThat(s.backend.teamFolders().find(g)).isPresent();

        assertThat(actions(admin))
                .containsExactly(
                        "folder.create " + f,
                        "folder.grant " + f + " user:" + user,
                        "folder.grant " + f + " user:" + user,
                        "folder.quota " + f,
                        "folder.rename " + f + " " + g,
                        "folder.revoke " + g + " user:" + user,
                        "folder.delete " + g,
                        "folder.restore " + g);
    }

    @Test
    void badTeamFolderInputIsRefused() {
        String admin = newAdmin();
        Ocs ocs = new Ocs(s.dav(admin));
        String f = "Hall" + System.nanoTime() % 10_000_000;
        assertThat(call(ocs, "POST", FOLDERS, "name=" + f).http()).isEqualTo(200);
        assertThat(call(ocs, "POST", FOLDERS, "name=a%2Fb").http()).isEqualTo(400);
        assertThat(call(ocs, "POST", FOLDERS, "name=..").http()).isEqualTo(400);
        assertThat(call(ocs, "POST", FOLDERS, "name=q" + f + "&quota=much").http())
                .isEqualTo(400);
        assertThat(call(ocs, "PUT", FOLDERS + "/" + f + "/grants", "type=user&subject=nobody-such&role=viewer")
                        .http())
                .isEqualTo(404);
        assertThat(call(ocs, "PUT", FOLDERS + "/" + f + "/grants", "type=robot&subject=x&role=viewer")
                        .http())
                .isEqualTo(400);
        assertThat(call(ocs, "PUT", FOLDERS + "/" + f + "/grants", "type=user&subject=" + admin + "&role=owner")
                        .meta()
                        .path("message")
                        .asText())
                .contains("viewer, editor or manager");
        assertThat(call(ocs, "DELETE", FOLDERS + "/" + f + "/grants", "type=user&subject=" + admin)
                        .http())
                .isEqualTo(404);
        assertThat(call(ocs, "DELETE", FOLDERS + "/nosuch", null).http()).isEqualTo(404);
        assertThat(call(ocs, "POST", "apps/kiste/api/v1/teamfoldertrash/nosuch", "")
                        .http())
                .isEqualTo(404);
        assertThat(call(ocs, "PUT", FOLDERS + "/" + f, "key=colour&value=red").http())
                .isEqualTo(400);
    }

    @Test
    void refusedNamesAreNotEchoedWhole() {
        String admin = newAdmin();
        Ocs ocs = new Ocs(s.dav(admin));
        String f = "Echo" + System.nanoTime() % 10_000_000;
        assertThat(call(ocs, "POST", FOLDERS, "name=" + f).http()).isEqualTo(200);
        String longName = "z".repeat(60_000);
        List<Ocs.Answer> answers = List.of(
                call(ocs, "POST", "cloud/groups", "groupid=" + longName),
                call(ocs, "GET", "cloud/groups/" + "y".repeat(3000) + "/users", null),
                call(ocs, "POST", FOLDERS, "name=" + longName),
                call(ocs, "PUT", FOLDERS + "/" + f + "/grants", "type=user&subject=" + longName + "&role=viewer"),
                call(ocs, "PUT", FOLDERS + "/" + f + "/grants", "type=group&subject=" + longName + "&role=viewer"),
                call(ocs, "PUT", FOLDERS + "/" + f, "key=" + longName + "&value=x"));
        for (Ocs.Answer a : answers) {
            assertThat(a.http()).isBetween(400, 404);
            String message = a.meta().path("message").asText();
            assertThat(message).isNotEmpty();
            assertThat(message.length()).as(message).isLessThan(300);
        }
    }
}
