package org.kiste.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kiste.share.Sharing.share;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.AuditEvent;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/**
 * The sharing API over real HTTP (v1 and v2, JSON and XML): create, list, get, update and delete shares, the share
 * object's fields, links, errors with their codes, sharees, capabilities and the audit trail.
 */
class SharingApiTest {
    private final TestServer ts = TestServer.get();

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void createGetListUpdateDeleteInV2() {
        String alice = ts.newUser("oa");
        String bob = ts.newUser("ob");
        Dav a = ts.dav(alice);
        assertThat(a.mkcol("Docs").statusCode()).isEqualTo(201);
        assertThat(a.put("Docs/x.txt", "12345").statusCode()).isEqualTo(201);

        JsonNode s = share(a, "/Docs", 0, bob, 1);
        String id = s.path("id").asText();
        assertThat(s.path("id").isTextual()).isTrue();
        assertThat(s.path("share_type").asInt()).isEqualTo(0);
        assertThat(s.path("uid_owner").asText()).isEqualTo(alice);
        assertThat(s.path("displayname_owner").asText()).isNotEmpty();
        assertThat(s.path("permissions").asInt()).isEqualTo(1);
        assertThat(s.path("can_edit").asBoolean()).isTrue();
        assertThat(s.path("can_delete").asBoolean()).isTrue();
        assertThat(s.path("stime").asLong()).isGreaterThan(1_600_000_000L);
        assertThat(s.path("expiration").isNull()).isTrue();
        assertThat(s.path("path").asText()).isEqualTo("/Docs");
        assertThat(s.path("item_type").asText()).isEqualTo("folder");
        assertThat(s.path("mimetype").asText()).isEqualTo("httpd/unix-directory");
        assertThat(s.path("file_source").asLong()).isPositive();
        assertThat(s.path("file_target").asText()).isEqualTo("/Docs");
        assertThat(s.path("share_with").asText()).isEqualTo(bob);
        assertThat(s.path("share_with_displayname").asText()).isNotEmpty();
        assertThat(s.path("item_size").asLong()).isEqualTo(5);
        assertThat(s.path("mail_send").asInt()).isZero();
        assertThat(s.path("hide_download").asInt()).isZero();
        assertThat(s.has("attributes")).isTrue();
        assertThat(s.path("has_preview").asBoolean()).isFalse();

        Ocs.Answer got = Sharing.send(a, "GET", "/" + id, null);
        assertThat(got.http()).isEqualTo(200);
        assertThat(ids(got.data())).containsExactly(id);
        assertThat(ids(Sharing.send(a, "GET", "", null).data())).contains(id);
        assertThat(ids(Sharing.send(a, "GET", "?path=/Docs&reshares=true", null).data()))
                .containsExactly(id);
        assertThat(ids(Sharing.send(a, "GET", "?path=/&subfiles=true", null).data()))
                .contains(id);

        Dav b = ts.dav(bob);
        Ocs.Answer received = Sharing.send(b, "GET", "?shared_with_me=true", null);
        assertThat(ids(received.data())).containsExactly(id);
        assertThat(received.data().get(0).path("file_target").asText()).isEqualTo("/Docs");
        assertThat(received.data().get(0).path("can_edit").asBoolean()).isFalse();
        assertThat(Sharing.send(b, "GET", "/" + id, null).http())
                .as("a recipient sees it")
                .isEqualTo(200);
        assertThat(Sharing.send(b, "PUT", "/" + id, "permissions=31").http())
                .as("only the owner edits")
                .isEqualTo(403);

        Ocs.Answer upd = Sharing.send(
                a, "PUT", "/" + id, "permissions=3&note=" + "read+this" + "&label=L&expireDate=2099-12-31");
        assertThat(upd.http()).as(upd.body()).isEqualTo(200);
        assertThat(upd.data().path("permissions").asInt()).isEqualTo(3);
        assertThat(upd.data().path("note").asText()).isEqualTo("read this");
        assertThat(upd.data().path("label").asText()).isEqualTo("L");
        assertThat(upd.data().path("expiration").asText()).isEqualTo("2099-12-31 00:00:00");
        assertThat(b.put("Docs/x.txt", "bob").statusCode()).isEqualTo(204);
        assertThat(Sharing.send(a, "PUT", "/" + id, "expireDate=")
                        .data()
                        .path("expiration")
                        .isNull())
                .isTrue();
        assertThat(Sharing.send(a, "PUT", "/" + id, "expireDate=2001-01-01").http())
                .isEqualTo(400);
        assertThat(Sharing.send(a, "PUT", "/" + id, "permissions=64").http()).isEqualTo(400);
        assertThat(Sharing.send(a, "PUT", "/" + id, "").http()).isEqualTo(400);

        assertThat(Sharing.send(a, "DELETE", "/" + id, null).http()).isEqualTo(200);
        assertThat(Sharing.send(a, "GET", "/" + id, null).http()).isEqualTo(404);
        assertThat(b.get("Docs/x.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void jsonBodiesAndV1Statuscodes() {
        String alice = ts.newUser("oa");
        String bob = ts.newUser("ob");
        Dav a = ts.dav(alice);
        assertThat(a.put("f.txt", "x").statusCode()).isEqualTo(201);
        Ocs ocs = new Ocs(a);
        Ocs.Answer created = ocs.send(
                "POST",
                "v1.php/" + Sharing.API + "?format=json",
                "{\"path\":\"/f.txt\",\"shareType\":0,\"shareWith\":\"" + bob + "\",\"permissions\":3}",
                "OCS-APIRequest",
                "true",
                "Content-Type",
                "application/json");
        assertThat(created.http()).as(created.body()).isEqualTo(200);
        assertThat(created.statuscode()).isEqualTo(100);
        String id = created.data().path("id").asText();
        assertThat(created.data().path("permissions").asInt()).isEqualTo(3);

        Ocs.Answer put = ocs.send(
                "PUT",
                "v1.php/" + Sharing.API + "/" + id + "?format=json",
                "{\"note\":\"n\",\"permissions\":1}",
                "OCS-APIRequest",
                "true",
                "Content-Type",
                "application/json");
        assertThat(put.statuscode()).isEqualTo(100);
        assertThat(put.data().path("note").asText()).isEqualTo("n");
        assertThat(put.data().path("permissions").asInt()).isEqualTo(1);

        Ocs.Answer missing = ocs.send(
                "POST",
                "v1.php/" + Sharing.API + "?format=json",
                "path=/nope.txt&shareType=0&shareWith=" + bob,
                "OCS-APIRequest",
                "true",
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(missing.http()).isEqualTo(200);
        assertThat(missing.statuscode()).isEqualTo(404);
        Ocs.Answer missing2 = Sharing.post(a, "path", "/nope.txt", "shareType", "0", "shareWith", bob);
        assertThat(missing2.http()).isEqualTo(404);
        assertThat(Sharing.post(a, "path", "/f.txt", "shareType", "0", "shareWith", "no-such-user-x")
                        .http())
                .isEqualTo(404);
        assertThat(Sharing.post(a, "path", "/f.txt", "shareType", "9", "shareWith", bob)
                        .http())
                .isEqualTo(400);
        assertThat(Sharing.post(a, "path", "/f.txt", "shareType", "0", "shareWith", bob, "permissions", "abc")
                        .http())
                .isEqualTo(400);
        assertThat(Sharing.post(a, "path", "/f.txt", "shareType", "0", "shareWith", alice)
                        .http())
                .isEqualTo(400);
        assertThat(Sharing.post(a, "path", "/f.txt", "shareType", "0", "shareWith", bob)
                        .http())
                .as("twice")
                .isEqualTo(403);
        assertThat(ocs.get("v1.php/" + Sharing.API + "/999999999?format=json", "OCS-APIRequest", "true")
                        .statuscode())
                .isEqualTo(404);

        Ocs.Answer xml = ocs.get("v2.php/" + Sharing.API + "/" + id, "OCS-APIRequest", "true");
        assertThat(xml.http()).isEqualTo(200);
        assertThat(xml.xpath("/ocs/data/element/id")).isEqualTo(id);
        assertThat(ocs.send(
                                "DELETE",
                                "v1.php/" + Sharing.API + "/" + id + "?format=json",
                                null,
                                "OCS-APIRequest",
                                "true")
                        .statuscode())
                .isEqualTo(100);
    }

    @Test
    void linksHaveTokensUrlsPasswordsAndUploadModes() {
        String alice = ts.newUser("oa");
        Dav a = ts.dav(alice);
        assertThat(a.mkcol("Pub").statusCode()).isEqualTo(201);
        assertThat(a.put("Pub/f.txt", "x").statusCode()).isEqualTo(201);

        JsonNode read = share(a, "/Pub", 3, null, null);
        assertThat(read.path("permissions").asInt()).isEqualTo(1);
        String token = read.path("token").asText();
        assertThat(token).matches("[A-Za-z0-9]{15,}");
        assertThat(read.path("url").asText()).isEqualTo(ts.baseUrl + "/s/" + token);
        assertThat(read.path("password").isNull()
                        || read.path("password").asText().isEmpty())
                .isTrue();

        Ocs.Answer rw = Sharing.post(
                a,
                "path",
                "/Pub",
                "shareType",
                "3",
                "publicUpload",
                "true",
                "password",
                "s3cret pw",
                "label",
                "for the team");
        assertThat(rw.http()).as(rw.body()).isEqualTo(200);
        assertThat(rw.data().path("permissions").asInt()).isEqualTo(15);
        assertThat(rw.data().path("password").asText()).isNotEmpty().doesNotStartWith("$2");
        assertThat(rw.data().path("label").asText()).isEqualTo("for the team");
        assertThat(rw.data().path("token").asText()).isNotEqualTo(token);

        JsonNode drop = share(a, "/Pub", 3, null, 4);
        assertThat(drop.path("permissions").asInt()).isEqualTo(4);
        assertThat(Sharing.post(a, "path", "/Pub/f.txt", "shareType", "3", "publicUpload", "true")
                        .http())
                .isEqualTo(400);

        PublicLinks core = ts.backend.links();
        Share link = core.findLink(rw.data().path("token").asText()).orElseThrow();
        assertThat(core.passwordMatches(link, "s3cret pw")).isTrue();
        assertThat(core.passwordMatches(link, "wrong")).isFalse();
        String id = rw.data().path("id").asText();
        Ocs.Answer cleared = Sharing.send(a, "PUT", "/" + id, "password=&publicUpload=false&hide_download=true");
        assertThat(cleared.http()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.data().path("permissions").asInt()).isEqualTo(1);
        assertThat(cleared.data().path("hide_download").asInt()).isEqualTo(1);
        assertThat(core.passwordMatches(core.findLink(link.token()).orElseThrow(), null))
                .isTrue();
    }

    @Test
    void aLinksVisitorSeesOnlyTheLinkedItemWithTheLinksRights() throws Exception {
        String alice = ts.newUser("oa");
        Dav a = ts.dav(alice);
        assertThat(a.mkcol("Vis").statusCode()).isEqualTo(201);
        assertThat(a.put("Vis/f.txt", "x").statusCode()).isEqualTo(201);
        assertThat(a.put("solo.txt", "solo").statusCode()).isEqualTo(201);
        PublicLinks core = ts.backend.links();
        var files = ts.backend.files();

        Share folderLink = core.findLink(
                        share(a, "/Vis", 3, null, null).path("token").asText())
                .orElseThrow();
        var visitor = core.linkVisitor(folderLink).orElseThrow();
        assertThat(files.resolve(visitor, org.kiste.model.FilePath.parse("/f.txt"))
                        .node()
                        .size())
                .isEqualTo(1);
        assertThat(files.find(visitor, org.kiste.model.FilePath.parse("/"))
                        .orElseThrow()
                        .isFolder())
                .isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.put(
                        visitor,
                        org.kiste.model.FilePath.parse("/new.txt"),
                        new java.io.ByteArrayInputStream(new byte[] {1}),
                        1,
                        null,
                        null,
                        org.kiste.files.Precondition.NONE))
                .isInstanceOf(org.kiste.model.ForbiddenException.class);

        Share upload = core.findLink(share(a, "/Vis", 3, null, 4).path("token").asText())
                .orElseThrow();
        var dropper = core.linkVisitor(upload).orElseThrow();
        files.put(
                dropper,
                org.kiste.model.FilePath.parse("/dropped.txt"),
                new java.io.ByteArrayInputStream(new byte[] {1, 2}),
                2,
                null,
                null,
                org.kiste.files.Precondition.NONE);
        assertThat(a.get("Vis/dropped.txt").statusCode()).isEqualTo(200);

        Share fileLink = core.findLink(
                        share(a, "/solo.txt", 3, null, null).path("token").asText())
                .orElseThrow();
        var fileVisitor = core.linkVisitor(fileLink).orElseThrow();
        assertThat(files.resolve(fileVisitor, org.kiste.model.FilePath.ROOT)
                        .node()
                        .size())
                .isEqualTo(4);

        assertThat(a.delete("Vis").statusCode()).isEqualTo(204);
        assertThat(core.findLink(folderLink.token())).as("trashed item").isEmpty();
        assertThat(core.findLink("short")).isEmpty();
        assertThat(core.findLink("AAAAAAAAAAAAAAAAAAAA")).isEmpty();
        Ocs.Answer deleted = Sharing.send(a, "DELETE", "/" + fileLink.id(), null);
        assertThat(deleted.http()).isEqualTo(200);
        assertThat(core.findLink(fileLink.token())).as("revoked").isEmpty();
    }

    @Test
    void shareesFindUsersAndGroupsButNeverDisabledAccounts() {
        String me = ts.newUser("oq");
        String tag = "zq" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String u1 = ts.newUser(tag);
        String u2 = ts.newUser(tag);
        String off = ts.newUser(tag);
        ts.users().setEnabled(off, false);
        ts.backend.groups().add(AuditLog.ADMIN_CLI, tag + "grp", "Group " + tag);
        Ocs ocs = new Ocs(ts.dav(me));

        Ocs.Answer r = ocs.json(
                "v2.php/apps/files_sharing/api/v1/sharees?search=" + tag + "&itemType=folder&perPage=200",
                "OCS-APIRequest",
                "true");
        assertThat(r.http()).isEqualTo(200);
        List<String> users = new ArrayList<>();
        r.data()
                .path("users")
                .forEach(u -> users.add(u.path("value").path("shareWith").asText()));
        assertThat(users).contains(u1, u2).doesNotContain(off, me);
        assertThat(r.data().path("users").get(0).path("value").path("shareType").asInt())
                .isZero();
        assertThat(r.data()
                        .path("groups")
                        .get(0)
                        .path("value")
                        .path("shareWith")
                        .asText())
                .isEqualTo(tag + "grp");
        assertThat(r.data().path("exact").path("users").isArray()).isTrue();
        assertThat(r.data().path("remotes").isArray()).isTrue();

        Ocs.Answer exact = ocs.json("v1.php/apps/files_sharing/api/v1/sharees?search=" + u1, "OCS-APIRequest", "true");
        assertThat(exact.data()
                        .path("exact")
                        .path("users")
                        .get(0)
                        .path("value")
                        .path("shareWith")
                        .asText())
                .isEqualTo(u1);
        Ocs.Answer disabled =
                ocs.json("v2.php/apps/files_sharing/api/v1/sharees?search=" + off, "OCS-APIRequest", "true");
        assertThat(disabled.data().path("exact").path("users").size()).isZero();
        Ocs.Answer one = ocs.json(
                "v2.php/apps/files_sharing/api/v1/sharees?search=" + tag + "&perPage=1", "OCS-APIRequest", "true");
        assertThat(one.data().path("users").size()).isEqualTo(1);
    }

    @Test
    void capabilitiesAdvertiseSharing() {
        Ocs.Answer caps = new Ocs(ts.anonymous()).json("v1.php/cloud/capabilities", "OCS-APIRequest", "true");
        JsonNode fs = caps.data().path("capabilities").path("files_sharing");
        assertThat(fs.path("api_enabled").asBoolean()).isTrue();
        assertThat(fs.path("resharing").asBoolean()).isTrue();
        assertThat(fs.path("public").path("enabled").asBoolean()).isTrue();
        assertThat(fs.path("public").path("password").path("enforced").asBoolean())
                .isFalse();
        assertThat(fs.path("public").path("expire_date").path("enabled").asBoolean())
                .isFalse();
        assertThat(fs.path("public").path("supports_upload_only").asBoolean()).isTrue();
        assertThat(fs.path("user").path("send_mail").asBoolean()).isFalse();
        assertThat(fs.path("federation").has("outgoing")).isTrue();
        assertThat(fs.path("federation").has("incoming")).isTrue();
        assertThat(fs.path("default_permissions").asInt()).isEqualTo(31);
    }

    @Test
    void everyShareChangeIsAudited() {
        String alice = ts.newUser("oa");
        String bob = ts.newUser("ob");
        Dav a = ts.dav(alice);
        assertThat(a.mkcol("Aud").statusCode()).isEqualTo(201);
        String id = share(a, "/Aud", 0, bob, 1).path("id").asText();
        assertThat(Sharing.send(a, "PUT", "/" + id, "permissions=3").http()).isEqualTo(200);
        assertThat(Sharing.send(a, "DELETE", "/" + id, null).http()).isEqualTo(200);

        List<String> actions = new ArrayList<>();
        for (AuditEvent e : ts.backend.audit().list(null, 500)) {
            if (e.actor().equals(alice)) {
                actions.add(e.action() + " " + e.target());
            }
        }
        assertThat(actions)
                .containsExactly("share.delete user:" + bob, "share.update user:" + bob, "share.create user:" + bob);
    }
}
