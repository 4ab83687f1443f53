package org.kiste.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kiste.share.Sharing.rootNames;
import static org.kiste.share.Sharing.share;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * User and group shares as their recipients see them over WebDAV: the mount in their root, names that clash,
 * what the share bits allow, resharing that never escalates, the recipient's own rename and unshare, the owner's
 * revoke and trash, etags that follow the owner's changes, and the Nextcloud properties on both sides.
 */
class ReceivedSharesTest {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final String NC = "{http://nextcloud.org/ns}";
    private final TestServer ts = TestServer.get();

    private String folderWithFile(Dav owner, String name) {
        assertThat(owner.mkcol(Dav.enc(name)).statusCode()).isEqualTo(201);
        assertThat(owner.put(Dav.enc(name) + "/a.txt", "hello").statusCode()).isEqualTo(201);
        return name;
    }

    @Test
    void aUserShareAppearsInTheRecipientsRootAndIsReadOnlyWithReadBits() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Docs");
        share(a, "/Docs", 0, bob, 1);

        assertThat(rootNames(b)).contains("Docs");
        assertThat(b.get("Docs/a.txt").body()).isEqualTo("hello");
        assertThat(b.put("Docs/a.txt", "mine").statusCode())
                .as("PUT over a file")
                .isEqualTo(403);
        assertThat(b.put("Docs/new.txt", "mine").statusCode())
                .as("PUT of a new file")
                .isEqualTo(403);
        assertThat(b.mkcol("Docs/sub").statusCode()).isEqualTo(403);
        assertThat(b.delete("Docs/a.txt").statusCode()).isEqualTo(403);
        assertThat(a.get("Docs/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void updateBitAllowsChangingButNotCreating() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Work");
        share(a, "/Work", 0, bob, 3);

        assertThat(b.put("Work/a.txt", "changed by bob").statusCode()).isEqualTo(204);
        assertThat(a.get("Work/a.txt").body()).isEqualTo("changed by bob");
        assertThat(b.put("Work/new.txt", "x").statusCode()).isEqualTo(403);
        assertThat(b.delete("Work/a.txt").statusCode()).isEqualTo(403);
    }

    @Test
    void createAndDeleteBitsAllowAddingAndRemoving() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Drop");
        share(a, "/Drop", 0, bob, 15);

        assertThat(b.put("Drop/new.txt", "from bob").statusCode()).isEqualTo(201);
        assertThat(b.mkcol("Drop/sub").statusCode()).isEqualTo(201);
        assertThat(a.get("Drop/new.txt").body()).isEqualTo("from bob");
        assertThat(b.delete("Drop/a.txt").statusCode()).isEqualTo(204);
        assertThat(a.get("Drop/a.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aGroupShareAppearsForEveryMemberButNotTheSharer() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        String carol = ts.newUser("sc");
        String group = "sg" + System.nanoTime() % 1_000_000;
        ts.backend.groups().add(AuditLog.ADMIN_CLI, group, null);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, alice);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, bob);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, carol);
        Dav a = ts.dav(alice);
        folderWithFile(a, "Team notes");
        share(a, "/Team notes", 1, group, 1);

        assertThat(rootNames(ts.dav(bob))).contains("Team notes");
        assertThat(rootNames(ts.dav(carol))).contains("Team notes");
        assertThat(ts.dav(carol).get(Dav.enc("Team notes") + "/a.txt").body()).isEqualTo("hello");
        assertThat(rootNames(a)).containsOnlyOnce("Team notes");
    }

    @Test
    void aClashingNameGetsANumber() {
        String alice = ts.newUser("sa");
        String carol = ts.newUser("sc");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav c = ts.dav(carol);
        Dav b = ts.dav(bob);
        assertThat(b.mkcol("Docs").statusCode()).isEqualTo(201);
        assertThat(b.put("report.txt", "bob's").statusCode()).isEqualTo(201);
        folderWithFile(a, "Docs");
        folderWithFile(c, "Docs");
        assertThat(a.put("report.txt", "alice's").statusCode()).isEqualTo(201);
        share(a, "/Docs", 0, bob, 1);
        share(c, "/Docs", 0, bob, 1);
        share(a, "/report.txt", 0, bob, 1);

        assertThat(rootNames(b)).contains("Docs", "Docs (2)", "Docs (3)", "report.txt", "report (2).txt");
        assertThat(b.get("report.txt").body()).isEqualTo("bob's");
        assertThat(b.get(Dav.enc("report (2).txt")).body()).isEqualTo("alice's");
    }

    @Test
    void aSharedFileCanBeUpdatedWithTheUpdateBitAndNeverGetsCreateOrDelete() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        assertThat(a.put("plan.txt", "v1").statusCode()).isEqualTo(201);
        JsonNode s = share(a, "/plan.txt", 0, bob, 31);
        assertThat(s.path("permissions").asInt()).isEqualTo(19);
        assertThat(s.path("item_type").asText()).isEqualTo("file");

        assertThat(b.get("plan.txt").body()).isEqualTo("v1");
        assertThat(b.put("plan.txt", "v2 by bob").statusCode()).isEqualTo(204);
        assertThat(a.get("plan.txt").body()).isEqualTo("v2 by bob");
        assertThat(Sharing.send(a, "PUT", "/" + s.path("id").asText(), "permissions=15")
                        .http())
                .isEqualTo(400);
    }

    @Test
    void resharingNeverEscalates() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        String carol = ts.newUser("sc");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Res");
        folderWithFile(a, "NoRes");
        share(a, "/Res", 0, bob, 1 | 16);
        share(a, "/NoRes", 0, bob, 1 | 2);

        assertThat(Sharing.post(b, "path", "/NoRes", "shareType", "0", "shareWith", carol, "permissions", "1")
                        .http())
                .as("no share bit")
                .isEqualTo(403);
        assertThat(Sharing.post(b, "path", "/Res", "shareType", "0", "shareWith", carol, "permissions", "3")
                        .http())
                .as("update was not given to bob")
                .isEqualTo(403);
        assertThat(Sharing.post(b, "path", "/Res/a.txt", "shareType", "3", "permissions", "3")
                        .http())
                .as("a link cannot escalate either")
                .isEqualTo(403);
        JsonNode reshare = share(b, "/Res", 0, carol, 1);
        assertThat(reshare.path("uid_owner").asText()).isEqualTo(bob);
        Dav c = ts.dav(carol);
        assertThat(c.get("Res/a.txt").body()).isEqualTo("hello");
        assertThat(c.put("Res/a.txt", "x").statusCode()).isEqualTo(403);
        MultiStatus.Response point = c.props("Res", "0", OC + "owner-id").self();
        assertThat(point.text(OC + "owner-id")).isEqualTo(bob);
    }

    @Test
    void theRecipientsRenameAndUnshareTouchNobodyElse() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        String carol = ts.newUser("sc");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        Dav c = ts.dav(carol);
        folderWithFile(a, "Shared");
        share(a, "/Shared", 0, bob, 1);
        share(a, "/Shared", 0, carol, 1);

        assertThat(b.move("Shared", Dav.enc("From alice")).statusCode()).isEqualTo(201);
        assertThat(rootNames(b)).contains("From alice").doesNotContain("Shared");
        assertThat(b.get(Dav.enc("From alice") + "/a.txt").body()).isEqualTo("hello");
        assertThat(rootNames(c)).contains("Shared");
        assertThat(rootNames(a)).contains("Shared").doesNotContain("From alice");
        assertThat(b.move(Dav.enc("From alice"), "Elsewhere/Deeper").statusCode())
                .isIn(403, 409);

        assertThat(b.delete(Dav.enc("From alice")).statusCode()).isEqualTo(204);
        assertThat(rootNames(b)).doesNotContain("From alice", "Shared");
        assertThat(a.get("Shared/a.txt").body()).isEqualTo("hello");
        assertThat(c.get("Shared/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void theOwnersRevokeAndTrashTakeTheShareAwayAtOnce() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Gone");
        folderWithFile(a, "Trashed");
        JsonNode s = share(a, "/Gone", 0, bob, 1);
        share(a, "/Trashed", 0, bob, 1);
        assertThat(b.get("Gone/a.txt").statusCode()).isEqualTo(200);
        assertThat(b.get("Trashed/a.txt").statusCode()).isEqualTo(200);

        assertThat(Sharing.send(a, "DELETE", "/" + s.path("id").asText(), null).http())
                .isEqualTo(200);
        assertThat(b.get("Gone/a.txt").statusCode()).isEqualTo(404);
        assertThat(rootNames(b)).doesNotContain("Gone");

        assertThat(a.delete("Trashed").statusCode()).isEqualTo(204);
        assertThat(b.get("Trashed/a.txt").statusCode()).isEqualTo(404);
        assertThat(rootNames(b)).doesNotContain("Trashed");
    }

    @Test
    void deletingAnAccountRemovesTheSharesItMadeAndReceived() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        String carol = ts.newUser("sc");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "FromAlice");
        folderWithFile(b, "FromBob");
        long toBob = share(a, "/FromAlice", 0, bob, 17).path("id").asLong();
        long reshare = share(b, "/FromAlice", 0, carol, 1).path("id").asLong();
        long toAlice = share(b, "/FromBob", 0, alice, 1).path("id").asLong();
        assertThat(b.mkcol("Keep").statusCode()).isEqualTo(201);
        assertThat(b.move("FromAlice", "Keep/FromAlice").statusCode()).isEqualTo(201);
        assertThat(ts.dav(carol).get("FromAlice/a.txt").body()).isEqualTo("hello");

        ts.users().delete(alice);
        ts.backend.files().mountsChanged();
        assertThat(b.propfind("Keep/FromAlice", "0", null).statusCode()).isEqualTo(404);
        assertThat(rootNames(ts.dav(carol))).doesNotContain("FromAlice");
        long left = ts.backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM share WHERE id IN (?, ?, ?))"
                    + " + (SELECT COUNT(*) FROM share_mount WHERE share_id IN (?, ?, ?))")) {
                long[] ids = {toBob, reshare, toAlice, toBob, reshare, toAlice};
                for (int i = 0; i < ids.length; i++) {
                    ps.setLong(i + 1, ids[i]);
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(left).as("share and placement rows left").isZero();
        assertThat(b.get("FromBob/a.txt").body()).as("bob's own folder").isEqualTo("hello");
    }

    @Test
    void theShareFollowsTheItemThroughTheOwnersMove() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Moving");
        assertThat(a.mkcol("Archive").statusCode()).isEqualTo(201);
        share(a, "/Moving", 0, bob, 1);
        assertThat(a.move("Moving", "Archive/Moved").statusCode()).isEqualTo(201);
        var got = b.get("Moving/a.txt");
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("hello");
    }

    @Test
    void anOwnersChangeInsideChangesTheRecipientsEtags() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Outer");
        assertThat(a.mkcol("Outer/Inner").statusCode()).isEqualTo(201);
        share(a, "/Outer/Inner", 0, bob, 1);
        String root = b.etag("");
        String point = b.etag("Inner");
        assertThat(b.etag("")).isEqualTo(root);

        assertThat(a.put("Outer/Inner/new.txt", "x").statusCode()).isEqualTo(201);
        assertThat(b.etag("")).as("recipient's root").isNotEqualTo(root);
        assertThat(b.etag("Inner")).as("recipient's mount point").isNotEqualTo(point);
        assertThat(b.get("Inner/new.txt").body()).isEqualTo("x");
    }

    @Test
    void theRecipientSeesTheSLetterTheSharerAndMountTypeShared() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        folderWithFile(a, "Props");
        assertThat(a.put("note.txt", "n").statusCode()).isEqualTo(201);
        share(a, "/Props", 0, bob, 1);
        share(a, "/note.txt", 0, bob, 3);

        MultiStatus ms = b.props(
                "Props",
                "1",
                OC + "permissions",
                NC + "mount-type",
                OC + "owner-id",
                OC + "owner-display-name",
                OC + "share-types");
        String base = "/remote.php/dav/files/" + bob + "/";
        MultiStatus.Response point = ms.at(base + "Props/");
        assertThat(point.text(OC + "permissions")).isEqualTo("SGDNV");
        assertThat(point.text(NC + "mount-type")).isEqualTo("shared");
        assertThat(point.text(OC + "owner-id")).isEqualTo(alice);
        MultiStatus.Response inside = ms.at(base + "Props/a.txt");
        assertThat(inside.text(OC + "permissions")).isEqualTo("SG");
        assertThat(inside.text(NC + "mount-type")).isEqualTo("shared");
        assertThat(inside.text(OC + "owner-id")).isEqualTo(alice);
        assertThat(inside.text(OC + "share-types")).isEmpty();
        assertThat(b.props("note.txt", "0", OC + "permissions").self().text(OC + "permissions"))
                .isEqualTo("SGDNVW");
        MultiStatus own = b.props("", "0", OC + "permissions", OC + "owner-id");
        assertThat(own.self().text(OC + "owner-id")).isEqualTo(bob);
    }

    @Test
    void theOwnerSeesTheShareTypesOfWhatTheyShared() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        Dav a = ts.dav(alice);
        folderWithFile(a, "Typed");
        folderWithFile(a, "Plain");
        share(a, "/Typed", 0, bob, 1);
        share(a, "/Typed", 3, null, null);

        MultiStatus ms = a.props("", "1", OC + "share-types", OC + "permissions");
        String base = "/remote.php/dav/files/" + alice + "/";
        org.w3c.dom.Element typed = ms.at(base + "Typed/")
                .prop(MultiStatus.clark(OC + "share-types"))
                .orElseThrow();
        java.util.List<String> types = new java.util.ArrayList<>();
        org.w3c.dom.NodeList list = typed.getElementsByTagNameNS("http://owncloud.org/ns", "share-type");
        for (int i = 0; i < list.getLength(); i++) {
            types.add(list.item(i).getTextContent());
        }
        assertThat(types).containsExactly("0", "3");
        assertThat(ms.at(base + "Plain/").text(OC + "share-types")).isEmpty();
        assertThat(ms.at(base + "Typed/").text(OC + "permissions")).isEqualTo("RGDNVCK");
    }

    @Test
    void aTeamFoldersManagerMayShareItsContentsAndAViewerMayNot() {
        String manager = ts.newUser("sm");
        String viewer = ts.newUser("sv");
        String outsider = ts.newUser("so");
        String folder = "TF " + System.nanoTime() % 1_000_000;
        var folders = ts.backend.teamFolders();
        folders.create(AuditLog.ADMIN_CLI, folder, -1);
        folders.grant(
                AuditLog.ADMIN_CLI, folder, org.kiste.model.Subject.Type.USER, manager, org.kiste.model.Role.MANAGER);
        folders.grant(
                AuditLog.ADMIN_CLI, folder, org.kiste.model.Subject.Type.USER, viewer, org.kiste.model.Role.VIEWER);
        Dav m = ts.dav(manager);
        assertThat(m.mkcol(Dav.enc(folder) + "/Plans").statusCode()).isEqualTo(201);
        assertThat(m.put(Dav.enc(folder) + "/Plans/p.txt", "plan").statusCode()).isEqualTo(201);

        assertThat(Sharing.post(
                                ts.dav(viewer),
                                "path",
                                "/" + folder + "/Plans",
                                "shareType",
                                "0",
                                "shareWith",
                                outsider)
                        .http())
                .isEqualTo(403);
        share(m, "/" + folder + "/Plans", 0, outsider, 3);
        Dav o = ts.dav(outsider);
        assertThat(o.get("Plans/p.txt").body()).isEqualTo("plan");
        assertThat(o.put("Plans/p.txt", "changed").statusCode()).isEqualTo(204);
        assertThat(m.get(Dav.enc(folder) + "/Plans/p.txt").body()).isEqualTo("changed");
    }

    @Test
    void aLaterGroupMemberGetsTheShareAndARenameCannotTakeAnExistingName() {
        String alice = ts.newUser("sa");
        String bob = ts.newUser("sb");
        String group = "sl" + System.nanoTime() % 1_000_000;
        ts.backend.groups().add(AuditLog.ADMIN_CLI, group, null);
        Dav a = ts.dav(alice);
        folderWithFile(a, "Later");
        share(a, "/Later", 1, group, 1);
        Dav b = ts.dav(bob);
        assertThat(b.mkcol("Mine").statusCode()).isEqualTo(201);
        assertThat(rootNames(b)).doesNotContain("Later");

        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, bob);
        ts.backend.files().mountsChanged();
        assertThat(rootNames(b)).contains("Later");
        assertThat(b.move("Later", "Mine", "Overwrite", "F").statusCode()).isEqualTo(412);
        assertThat(b.move("Later", "Mine", "Overwrite", "T").statusCode()).isEqualTo(403);
        assertThat(rootNames(b)).contains("Later", "Mine");
    }
}
