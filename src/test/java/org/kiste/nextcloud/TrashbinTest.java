package org.kiste.nextcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * The trash bin over WebDAV as the Nextcloud apps use it: deleted items are listed with their name, where they were
 * and when they went, can be read and browsed, restored where they were (or at the top, or under
 * "name (restored)"), deleted for good, or all emptied; nobody else's trash bin can be reached.
 */
class TrashbinTest {
    private static final String NC = "{http://nextcloud.org/ns}";
    private static final String OC = "{http://owncloud.org/ns}";
    private final TestServer ts = TestServer.get();

    private String trash(String user) {
        return ts.baseUrl + "/remote.php/dav/trashbin/" + user + "/trash/";
    }

    private MultiStatus list(Dav d) {
        HttpResponse<String> r = d.send("PROPFIND", trash(d.login), null, "Depth", "1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
        return MultiStatus.parse(r);
    }

    /** The listed item (not the collection) whose nc:trashbin-filename is {@code name}. */
    private static MultiStatus.Response item(MultiStatus ms, String name) {
        return ms.responses.stream()
                .filter(r -> name.equals(r.text(NC + "trashbin-filename")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + ms.hrefs()));
    }

    private HttpResponse<String> restore(Dav d, MultiStatus.Response item) {
        String key = item.href().replaceAll("/$", "");
        key = key.substring(key.lastIndexOf('/') + 1);
        return d.send(
                "MOVE",
                ts.baseUrl + item.href(),
                null,
                "Destination",
                ts.baseUrl + "/remote.php/dav/trashbin/" + d.login + "/restore/" + key);
    }

    @Test
    void deletedItemsAreListedReadAndRestoredWhereTheyWere() {
        String user = ts.newUser("tb");
        Dav d = ts.dav(user);
        assertThat(d.mkcol("Docs").statusCode()).isEqualTo(201);
        assertThat(d.mkcol("Docs/Old").statusCode()).isEqualTo(201);
        assertThat(d.put("Docs/report.odt", "report").statusCode()).isEqualTo(201);
        assertThat(d.put("Docs/Old/a.txt", "aaa").statusCode()).isEqualTo(201);
        long fileId = Dav.nodeId(d.head("Docs/report.odt"));
        long before = System.currentTimeMillis() / 1000;
        assertThat(d.delete("Docs/report.odt").statusCode()).isEqualTo(204);
        assertThat(d.delete("Docs/Old").statusCode()).isEqualTo(204);

        MultiStatus ms = list(d);
        MultiStatus.Response report = item(ms, "report.odt");
        assertThat(report.text(NC + "trashbin-original-location")).isEqualTo("Docs/report.odt");
        assertThat(Long.parseLong(report.text(NC + "trashbin-deletion-time"))).isBetween(before - 1, before + 60);
        assertThat(report.text("{DAV:}getcontentlength")).isEqualTo("6");
        assertThat(report.text(OC + "fileid")).isEqualTo(Long.toString(fileId));
        assertThat(report.href()).contains("report.odt.d");
        MultiStatus.Response old = item(ms, "Old");
        assertThat(old.href()).endsWith("/");
        assertThat(old.text(NC + "trashbin-original-location")).isEqualTo("Docs/Old");

        assertThat(d.send("GET", ts.baseUrl + report.href(), null).body()).isEqualTo("report");
        MultiStatus inside = MultiStatus.parse(d.send("PROPFIND", ts.baseUrl + old.href(), null, "Depth", "1"));
        assertThat(inside.paths()).anyMatch(p -> p.endsWith("/a.txt"));
        assertThat(d.send("GET", ts.baseUrl + old.href() + "a.txt", null).body())
                .isEqualTo("aaa");

        HttpResponse<String> back = restore(d, report);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(201);
        assertThat(d.get("Docs/report.odt").body()).isEqualTo("report");
        assertThat(Dav.nodeId(d.head("Docs/report.odt"))).as("the same file id").isEqualTo(fileId);
        assertThat(restore(d, old).statusCode()).isEqualTo(201);
        assertThat(d.get("Docs/Old/a.txt").body()).isEqualTo("aaa");
        assertThat(list(d).responses).hasSize(1); // the collection alone
        assertThat(restore(d, report).statusCode()).as("already restored").isEqualTo(404);
    }

    @Test
    void aTakenNameOrAGoneFolderStillRestores() {
        String user = ts.newUser("tb");
        Dav d = ts.dav(user);
        assertThat(d.mkcol("Gone").statusCode()).isEqualTo(201);
        assertThat(d.put("Gone/inner.txt", "inner").statusCode()).isEqualTo(201);
        assertThat(d.put("notes.txt", "first").statusCode()).isEqualTo(201);
        assertThat(d.delete("notes.txt").statusCode()).isEqualTo(204);
        assertThat(d.put("notes.txt", "second").statusCode()).isEqualTo(201);
        assertThat(d.delete("Gone/inner.txt").statusCode()).isEqualTo(204);
        assertThat(d.delete("Gone").statusCode()).isEqualTo(204);

        MultiStatus ms = list(d);
        assertThat(restore(d, item(ms, "notes.txt")).statusCode()).isEqualTo(201);
        assertThat(d.get("notes.txt").body()).isEqualTo("second");
        assertThat(d.get(Dav.enc("notes (restored).txt")).body()).isEqualTo("first");
        HttpResponse<String> inner = restore(d, item(ms, "inner.txt"));
        assertThat(inner.statusCode()).isEqualTo(201);
        assertThat(inner.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/inner.txt"));
        assertThat(d.get("inner.txt").body())
                .as("its folder is in the trash: back at the top")
                .isEqualTo("inner");
    }

    @Test
    void itemsAreDeletedForGoodOneByOneOrAllAndOthersCannotReachThem() {
        String user = ts.newUser("tb");
        String other = ts.newUser("tb");
        Dav d = ts.dav(user);
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            assertThat(d.put(name, name).statusCode()).isEqualTo(201);
            assertThat(d.delete(name).statusCode()).isEqualTo(204);
        }
        MultiStatus ms = list(d);
        MultiStatus.Response a = item(ms, "a.txt");
        Dav o = ts.dav(other);
        assertThat(o.send("PROPFIND", trash(user), null, "Depth", "1").statusCode())
                .isEqualTo(404);
        assertThat(o.send("GET", ts.baseUrl + a.href(), null).statusCode()).isEqualTo(404);
        assertThat(o.send("DELETE", ts.baseUrl + a.href(), null).statusCode()).isEqualTo(404);
        assertThat(ts.anonymous()
                        .send("PROPFIND", trash(user), null, "Depth", "1")
                        .statusCode())
                .isEqualTo(401);
        assertThat(d.send("MOVE", ts.baseUrl + a.href(), null, "Destination", d.url("stolen.txt"))
                        .statusCode())
                .as("restore only into restore/")
                .isEqualTo(403);

        assertThat(d.send("DELETE", ts.baseUrl + a.href(), null).statusCode()).isEqualTo(204);
        assertThat(d.send("GET", ts.baseUrl + a.href(), null).statusCode()).isEqualTo(404);
        assertThat(restore(d, a).statusCode()).isEqualTo(404);
        assertThat(list(d).responses).hasSize(3);

        assertThat(d.send("DELETE", trash(user), null).statusCode()).isEqualTo(204);
        assertThat(list(d).responses).hasSize(1);
        assertThat(d.get("b.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void whatIsDeletedInATeamFolderIsInTheTrashBinOfItsEditorsNotOfItsViewers() {
        String editor = ts.newUser("tbe");
        String other = ts.newUser("tbo");
        String viewer = ts.newUser("tbv");
        String team = "Trash team " + System.nanoTime() % 1_000_000;
        var folders = ts.backend.teamFolders();
        folders.create(org.kiste.audit.AuditLog.ADMIN_CLI, team, -1);
        for (String[] g : new String[][] {{editor, "EDITOR"}, {other, "MANAGER"}, {viewer, "VIEWER"}}) {
            folders.grant(
                    org.kiste.audit.AuditLog.ADMIN_CLI,
                    team,
                    org.kiste.model.Subject.Type.USER,
                    g[0],
                    org.kiste.model.Role.valueOf(g[1]));
        }
        ts.backend.files().mountsChanged();
        Dav e = ts.dav(editor);
        String t = Dav.enc(team);
        assertThat(e.mkcol(t + "/Plans").statusCode()).isEqualTo(201);
        assertThat(e.put(t + "/Plans/plan.txt", "plan").statusCode()).isEqualTo(201);
        assertThat(e.delete(t + "/Plans/plan.txt").statusCode()).isEqualTo(204);

        Dav o = ts.dav(other);
        MultiStatus.Response plan = item(list(o), "plan.txt");
        assertThat(plan.text(NC + "trashbin-original-location")).isEqualTo(team + "/Plans/plan.txt");
        assertThat(list(ts.dav(viewer)).responses)
                .as("a viewer may not delete, so sees no trash")
                .hasSize(1);
        assertThat(restore(o, plan).statusCode()).isEqualTo(201);
        assertThat(e.get(t + "/Plans/plan.txt").body()).isEqualTo("plan");
        assertThat(list(e).responses).hasSize(1);
    }

    @Test
    void whatARecipientDeletesInASharedFolderIsInTheirBinAndTheOwners() {
        String alice = ts.newUser("tba");
        String bob = ts.newUser("tbb");
        String carol = ts.newUser("tbc");
        Dav a = ts.dav(alice);
        assertThat(a.mkcol("Band").statusCode()).isEqualTo(201);
        assertThat(a.put("Band/x.txt", "x").statusCode()).isEqualTo(201);
        assertThat(a.put("Band/y.txt", "y").statusCode()).isEqualTo(201);
        var owner = ts.users().find(alice).orElseThrow().principal();
        for (String[] r : new String[][] {{bob, "15"}, {carol, "9"}}) {
            ts.backend
                    .shares()
                    .create(
                            owner,
                            new org.kiste.share.ShareRequest(
                                    org.kiste.model.FilePath.parse("/Band"),
                                    org.kiste.model.ShareType.USER,
                                    r[0],
                                    Integer.parseInt(r[1]),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null));
        }
        Dav b = ts.dav(bob);
        Dav c = ts.dav(carol);
        assertThat(b.mkcol("Music").statusCode()).isEqualTo(201);
        assertThat(b.move("Band", "Music/Band").statusCode()).isEqualTo(201);
        assertThat(b.delete("Music/Band/x.txt").statusCode()).isEqualTo(204);
        assertThat(c.delete("Band/y.txt").statusCode()).isEqualTo(204);

        MultiStatus.Response mine = item(list(b), "x.txt");
        assertThat(mine.text(NC + "trashbin-original-location")).isEqualTo("Music/Band/x.txt");
        assertThat(list(b).responses).as("not carol's deletion").hasSize(2);
        assertThat(item(list(a), "x.txt").text(NC + "trashbin-original-location"))
                .isEqualTo("Band/x.txt");
        assertThat(list(a).responses).as("the owner sees both").hasSize(3);

        assertThat(restore(c, item(list(c), "y.txt")).statusCode())
                .as("carol may delete but not create")
                .isEqualTo(403);
        HttpResponse<String> back = restore(b, mine);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(201);
        assertThat(back.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/Music/Band/x.txt"));
        assertThat(a.get("Band/x.txt").body()).isEqualTo("x");
        assertThat(list(a).responses).hasSize(2);
    }

    @Test
    void aRestoreThatDoesNotFitTheQuotaIsRefused() {
        String user = ts.newUser("tb");
        ts.users().setQuota(user, 10);
        Dav d = ts.dav(user);
        assertThat(d.put("big.txt", "1234567").statusCode()).isEqualTo(201);
        assertThat(d.delete("big.txt").statusCode()).isEqualTo(204);
        assertThat(d.put("other.txt", "1234567").statusCode()).isEqualTo(201);
        assertThat(restore(d, item(list(d), "big.txt")).statusCode()).isEqualTo(507);
        assertThat(d.get("big.txt").statusCode()).isEqualTo(404);
        assertThat(list(d).responses).hasSize(2);
    }
}
