package org.kiste.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kiste.share.Sharing.rootNames;
import static org.kiste.share.Sharing.share;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/**
 * A recipient keeps a received share in a folder of their own: the move changes only their placement, the share
 * follows that folder through their renames and moves, etags along their path show changes inside it, and the
 * places Nextcloud refuses (team folders, other shares, folders they share, taken names) are refused.
 */
class SharesInFoldersTest {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final String NC = "{http://nextcloud.org/ns}";
    private final TestServer ts = TestServer.get();

    private record Pair(String owner, String recipient, Dav a, Dav b) {}

    /** Alice shares {@code /Shared} (with {@code a.txt}) with Bob, with the given bits; Bob has {@code /Projects/2027}. */
    private Pair shared(int bits) {
        String alice = ts.newUser("fa");
        String bob = ts.newUser("fb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        assertThat(a.mkcol("Shared").statusCode()).isEqualTo(201);
        assertThat(a.put("Shared/a.txt", "hello").statusCode()).isEqualTo(201);
        share(a, "/Shared", 0, bob, bits);
        assertThat(b.mkcol("Projects").statusCode()).isEqualTo(201);
        assertThat(b.mkcol("Projects/2027").statusCode()).isEqualTo(201);
        return new Pair(alice, bob, a, b);
    }

    private static List<String> names(Dav dav, String folder) {
        String prefix = "/remote.php/dav/files/" + dav.login + "/" + (folder.isEmpty() ? "" : folder + "/");
        return MultiStatus.parse(dav.propfind(Dav.encPath(folder), "1", null)).paths().stream()
                .map(Dav::decode)
                .filter(p -> !p.equals(prefix) && p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()).replaceAll("/$", ""))
                .toList();
    }

    @Test
    void aRecipientMovesAShareIntoTheirFolderAndOnlyTheirTreeChanges() {
        Pair s = shared(1);
        String carol = ts.newUser("fc");
        share(s.a(), "/Shared", 0, carol, 1);

        HttpResponse<String> moved = s.b().move("Shared", "Projects/2027/Shared");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
        assertThat(rootNames(s.b())).doesNotContain("Shared").contains("Projects");
        assertThat(names(s.b(), "Projects/2027")).containsExactly("Shared");
        assertThat(s.b().get("Projects/2027/Shared/a.txt").body()).isEqualTo("hello");
        assertThat(s.b().get("Shared/a.txt").statusCode()).isEqualTo(404);
        assertThat(rootNames(ts.dav(carol))).contains("Shared");
        assertThat(rootNames(s.a())).contains("Shared");

        MultiStatus ms = s.b().props(
                        "Projects/2027", "1", OC + "permissions", NC + "mount-type", OC + "owner-id", OC + "fileid");
        String base = "/remote.php/dav/files/" + s.recipient() + "/Projects/2027/";
        MultiStatus.Response point = ms.at(base + "Shared/");
        assertThat(point.text(OC + "permissions")).isEqualTo("SGDNV");
        assertThat(point.text(NC + "mount-type")).isEqualTo("shared");
        assertThat(point.text(OC + "owner-id")).isEqualTo(s.owner());
        assertThat(point.text(OC + "fileid"))
                .isEqualTo(s.a().props("Shared", "0", OC + "fileid").self().text(OC + "fileid"));
        assertThat(s.b().props("Projects/2027/Shared/a.txt", "0", OC + "permissions")
                        .self()
                        .text(OC + "permissions"))
                .isEqualTo("SG");
        assertThat(s.b().put("Projects/2027/Shared/a.txt", "mine").statusCode())
                .as("read-only share")
                .isEqualTo(403);

        // renamed in place, then back to the top
        assertThat(s.b().move("Projects/2027/Shared", "Projects/2027/" + Dav.enc("From Alice"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(names(s.b(), "Projects/2027")).containsExactly("From Alice");
        assertThat(s.b().move("Projects/2027/" + Dav.enc("From Alice"), "Back").statusCode())
                .isEqualTo(201);
        assertThat(rootNames(s.b())).contains("Back");
        assertThat(names(s.b(), "Projects/2027")).isEmpty();
        assertThat(s.b().get("Back/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void theShareFollowsItsFolderThroughTheRecipientsRenameAndWritesGoToTheOwner() {
        Pair s = shared(15);
        assertThat(s.b().move("Shared", "Projects/2027/Shared").statusCode()).isEqualTo(201);
        assertThat(s.b().move("Projects", "Work").statusCode()).isEqualTo(201);
        assertThat(s.b().mkcol("Archive").statusCode()).isEqualTo(201);
        assertThat(s.b().move("Work/2027", "Archive/2027").statusCode()).isEqualTo(201);

        assertThat(s.b().get("Archive/2027/Shared/a.txt").body()).isEqualTo("hello");
        assertThat(s.b().put("Archive/2027/Shared/b.txt", "from bob").statusCode())
                .isEqualTo(201);
        assertThat(s.a().get("Shared/b.txt").body()).isEqualTo("from bob");
        assertThat(s.b().mkcol("Archive/2027/Shared/sub").statusCode()).isEqualTo(201);
        assertThat(s.b().delete("Archive/2027/Shared/a.txt").statusCode()).isEqualTo(204);
        assertThat(s.a().get("Shared/a.txt").statusCode()).isEqualTo(404);
        // the recipient's own files beside the share are untouched by all this
        assertThat(s.b().put("Archive/2027/own.txt", "own").statusCode()).isEqualTo(201);
        assertThat(names(s.b(), "Archive/2027")).containsExactlyInAnyOrder("Shared", "own.txt");
        assertThat(s.a().get("own.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void etagsAlongTheRecipientsPathShowChangesInsideAndTheMoveItself() {
        Pair s = shared(1);
        assertThat(s.b().mkcol("Other").statusCode()).isEqualTo(201);
        String root0 = s.b().etag("");
        String projects0 = s.b().etag("Projects");
        String other0 = s.b().etag("Other");
        assertThat(s.b().move("Shared", "Projects/2027/Shared").statusCode()).isEqualTo(201);
        String root = s.b().etag("");
        String projects = s.b().etag("Projects");
        String year = s.b().etag("Projects/2027");
        String point = s.b().etag("Projects/2027/Shared");
        assertThat(root).as("root after the move").isNotEqualTo(root0);
        assertThat(projects).as("folder the share moved into").isNotEqualTo(projects0);
        assertThat(s.b().etag("Other")).isEqualTo(other0);
        assertThat(s.b().etag("")).as("stable without changes").isEqualTo(root);
        assertThat(s.b().etag("Projects")).isEqualTo(projects);

        assertThat(s.a().put("Shared/new.txt", "x").statusCode()).isEqualTo(201);
        assertThat(s.b().etag("")).as("root").isNotEqualTo(root);
        assertThat(s.b().etag("Projects")).as("Projects").isNotEqualTo(projects);
        assertThat(s.b().etag("Projects/2027")).as("Projects/2027").isNotEqualTo(year);
        assertThat(s.b().etag("Projects/2027/Shared")).as("the mount point").isNotEqualTo(point);
        assertThat(s.b().etag("Other")).as("a folder without the share").isEqualTo(other0);

        // the listing of the folder above shows the same etag as the folder itself
        MultiStatus listed = s.b().props("", "1", "{DAV:}getetag", OC + "size");
        MultiStatus.Response p = listed.at("/remote.php/dav/files/" + s.recipient() + "/Projects/");
        assertThat(p.text("{DAV:}getetag").replace("\"", "")).isEqualTo(s.b().etag("Projects"));
        assertThat(p.text(OC + "size")).isEqualTo("6");
    }

    @Test
    void placesNextcloudRefusesAreRefused() {
        Pair s = shared(31);
        String dave = ts.newUser("fd");
        Dav d = ts.dav(dave);
        assertThat(d.mkcol("Other").statusCode()).isEqualTo(201);
        share(d, "/Other", 0, s.recipient(), 31);
        String team = "FT " + System.nanoTime() % 1_000_000;
        ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, team, -1);
        ts.backend
                .teamFolders()
                .grant(
                        AuditLog.ADMIN_CLI,
                        team,
                        org.kiste.model.Subject.Type.USER,
                        s.recipient(),
                        org.kiste.model.Role.EDITOR);
        ts.backend.files().mountsChanged();
        assertThat(s.b().mkcol("Public").statusCode()).isEqualTo(201);
        assertThat(s.b().mkcol("Public/in").statusCode()).isEqualTo(201);
        share(s.b(), "/Public", 3, null, 1);
        assertThat(s.b().put("Projects/taken.txt", "t").statusCode()).isEqualTo(201);

        assertThat(s.b().move("Shared", Dav.enc(team) + "/Shared").statusCode())
                .as("into a team folder")
                .isEqualTo(403);
        assertThat(s.b().move("Shared", "Other/Shared").statusCode())
                .as("into another share")
                .isEqualTo(403);
        assertThat(s.b().move("Shared", "Public/in/Shared").statusCode())
                .as("into a folder with a link")
                .isEqualTo(403);
        assertThat(s.b().move("Shared", "Nowhere/Shared").statusCode())
                .as("into a missing folder")
                .isEqualTo(409);
        assertThat(s.b().move("Shared", "Projects/taken.txt/Shared").statusCode())
                .as("below a file")
                .isEqualTo(409);
        assertThat(s.b().move("Shared", "Projects/taken.txt", "Overwrite", "F").statusCode())
                .isEqualTo(412);
        assertThat(s.b().move("Shared", "Projects/taken.txt", "Overwrite", "T").statusCode())
                .isEqualTo(403);
        assertThat(s.b().get("Projects/taken.txt").body()).isEqualTo("t");
        assertThat(rootNames(s.b())).contains("Shared");
        assertThat(s.b().get("Shared/a.txt").body()).isEqualTo("hello");
        assertThat(s.a().get("Shared/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void aShareWhoseFolderWentAwayCanBeRenamedWhereItShows() {
        Pair s = shared(1);
        assertThat(s.b().move("Shared", "Projects/2027/Shared").statusCode()).isEqualTo(201);
        assertThat(s.b().mkcol("Shared").statusCode()).isEqualTo(201);
        assertThat(s.b().delete("Projects").statusCode()).isEqualTo(204);
        assertThat(rootNames(s.b())).contains("Shared (2)");

        assertThat(s.b().move(Dav.enc("Shared (2)"), "Rescued").statusCode())
                .as("renaming the share shown at the top")
                .isEqualTo(201);
        assertThat(rootNames(s.b())).contains("Rescued").doesNotContain("Shared (2)");
        assertThat(s.b().get("Rescued/a.txt").body()).isEqualTo("hello");
        assertThat(s.b().move("Rescued", "Shared/Kept").statusCode())
                .as("and moving it into a folder of the home")
                .isEqualTo(201);
        assertThat(s.b().get("Shared/Kept/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void deletingTheFolderBringsTheShareBackToTheTopAndUnsharingWorksInAFolder() {
        Pair s = shared(1);
        assertThat(s.b().move("Shared", "Projects/2027/Shared").statusCode()).isEqualTo(201);
        assertThat(s.b().mkcol("Shared").statusCode())
                .as("the name is free again at the top")
                .isEqualTo(201);

        assertThat(s.b().delete("Projects").statusCode()).isEqualTo(204);
        List<String> top = rootNames(s.b());
        assertThat(top).contains("Shared", "Shared (2)");
        assertThat(s.b().get(Dav.enc("Shared (2)") + "/a.txt").body()).isEqualTo("hello");
        assertThat(s.a().get("Shared/a.txt").body()).isEqualTo("hello");

        // restored from the trash bin, the folder holds the share again
        String trash = ts.baseUrl + "/remote.php/dav/trashbin/" + s.recipient() + "/trash/";
        MultiStatus bin = MultiStatus.parse(s.b().send("PROPFIND", trash, null, "Depth", "1"));
        String projects = bin.responses.stream()
                .filter(r -> "Projects".equals(r.text(NC + "trashbin-filename")))
                .findFirst()
                .orElseThrow()
                .href();
        String key = projects.replaceAll("/$", "")
                .substring(projects.replaceAll("/$", "").lastIndexOf('/') + 1);
        assertThat(s.b().send(
                                "MOVE",
                                ts.baseUrl + projects,
                                null,
                                "Destination",
                                ts.baseUrl + "/remote.php/dav/trashbin/" + s.recipient() + "/restore/" + key)
                        .statusCode())
                .isEqualTo(201);
        assertThat(names(s.b(), "Projects/2027")).containsExactly("Shared");
        assertThat(rootNames(s.b())).doesNotContain("Shared (2)");
        // back to the top for what follows
        assertThat(s.b().move("Projects/2027/Shared", Dav.enc("Shared (2)")).statusCode())
                .isEqualTo(201);

        // a share kept in a folder is unshared there like at the top
        assertThat(s.b().mkcol("Keep").statusCode()).isEqualTo(201);
        assertThat(s.b().move(Dav.enc("Shared (2)"), "Keep/Shared").statusCode())
                .isEqualTo(201);
        assertThat(s.b().delete("Keep/Shared").statusCode()).isEqualTo(204);
        assertThat(names(s.b(), "Keep")).isEmpty();
        assertThat(rootNames(s.b())).doesNotContain("Shared (2)");
        assertThat(s.a().get("Shared/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void aSharedFileCanBeKeptInAFolderToo() {
        String alice = ts.newUser("fa");
        String bob = ts.newUser("fb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        assertThat(a.put("plan.odt", "v1").statusCode()).isEqualTo(201);
        share(a, "/plan.odt", 0, bob, 3);
        assertThat(b.mkcol("Docs").statusCode()).isEqualTo(201);
        assertThat(b.move("plan.odt", "Docs/plan.odt").statusCode()).isEqualTo(201);
        assertThat(b.get("Docs/plan.odt").body()).isEqualTo("v1");
        assertThat(b.put("Docs/plan.odt", "v2").statusCode()).isEqualTo(204);
        assertThat(a.get("plan.odt").body()).isEqualTo("v2");
        assertThat(b.props("Docs/plan.odt", "0", OC + "permissions").self().text(OC + "permissions"))
                .isEqualTo("SGDNVW");
    }

    @Test
    void copyingTheFolderCopiesWhatTheRecipientSeesInIt() {
        Pair s = shared(1);
        assertThat(s.b().put("Projects/2027/own.txt", "own").statusCode()).isEqualTo(201);
        assertThat(s.b().move("Shared", "Projects/2027/Shared").statusCode()).isEqualTo(201);

        HttpResponse<String> copied = s.b().copy("Projects", "Copy");
        assertThat(copied.statusCode()).as(copied.body()).isEqualTo(201);
        assertThat(s.b().get("Copy/2027/own.txt").body()).isEqualTo("own");
        assertThat(s.b().get("Copy/2027/Shared/a.txt").body()).isEqualTo("hello");
        MultiStatus copy = s.b().props("Copy", "0", OC + "size", NC + "mount-type", OC + "permissions");
        assertThat(copy.self().text(OC + "size")).isEqualTo("8");
        MultiStatus inner = s.b().props("Copy/2027/Shared", "0", NC + "mount-type", OC + "permissions");
        assertThat(inner.self().text(NC + "mount-type"))
                .as("the copy is bob's own")
                .isEmpty();
        assertThat(inner.self().text(OC + "permissions")).doesNotContain("S");
        assertThat(s.b().put("Copy/2027/Shared/a.txt", "bob's copy").statusCode())
                .isEqualTo(204);
        assertThat(s.a().get("Shared/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void searchAndTheSharingApiSeeTheShareWhereTheRecipientKeepsIt() {
        Pair s = shared(1);
        assertThat(s.b().move("Shared", "Projects/2027/Shared").statusCode()).isEqualTo(201);

        for (String scope : List.of("", "/Projects")) {
            HttpResponse<String> r = s.b().send(
                            "SEARCH",
                            s.b().baseUrl + "/remote.php/dav/",
                            search(s.recipient() + scope),
                            "Content-Type",
                            "text/xml");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
            assertThat(MultiStatus.parse(r).paths().stream().map(Dav::decode).toList())
                    .as("search from " + (scope.isEmpty() ? "the root" : scope))
                    .contains("/remote.php/dav/files/" + s.recipient() + "/Projects/2027/Shared/a.txt");
        }

        Ocs.Answer received = Sharing.send(s.b(), "GET", "?shared_with_me=true", null);
        assertThat(received.http()).isEqualTo(200);
        assertThat(received.data().get(0).path("file_target").asText()).isEqualTo("/Projects/2027/Shared");
        assertThat(received.data().get(0).path("path").asText()).isEqualTo("/Projects/2027/Shared");
    }

    private static String search(String scope) {
        return "<?xml version=\"1.0\"?><d:searchrequest xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
                + "<d:basicsearch><d:select><d:prop><oc:fileid/></d:prop></d:select><d:from><d:scope><d:href>/files/"
                + scope
                + "</d:href><d:depth>infinity</d:depth></d:scope></d:from><d:where><d:like><d:prop><d:displayname/>"
                + "</d:prop><d:literal>a.txt</d:literal></d:like></d:where></d:basicsearch></d:searchrequest>";
    }
}
