package org.kiste.nextcloud.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Collector;
import org.kiste.testing.Dav;
import org.kiste.testing.FileLikeGet;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * File versions as the Nextcloud apps use them: every content change keeps the previous content as a version (none
 * for identical content), listed with its size, type, etag, date, label and author, read like a file, restored
 * (the file keeps its id, the content it had becomes a version), named and deleted; versions follow the file through
 * rename, move, trash and restore, go when it is purged, and their bytes outlive the garbage collector.
 */
class FileVersionsTest {
    private static final String NC = VersionsDav.NC;
    private final TestServer ts = TestServer.get();

    private long id(Dav d, String path) {
        return Dav.nodeId(d.head(path));
    }

    private long versionRows(long fileId) {
        return ts.backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_version WHERE node_id = ?")) {
                ps.setLong(1, fileId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void everyChangeKeepsThePreviousContentOnceAndTheListShowsWhatClientsAsk() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        assertThat(d.put("report.txt", "first text").statusCode()).isEqualTo(201);
        long fileId = id(d, "report.txt");
        assertThat(v.list(fileId)).as("a new file has no versions").isEmpty();
        assertThat(d.put("report.txt", "second text").statusCode()).isEqualTo(204);
        assertThat(d.put("report.txt", "second text").statusCode()).isEqualTo(204);
        assertThat(d.put("report.txt", "third text!").statusCode()).isEqualTo(204);

        assertThat(v.contents(fileId))
                .as("newest first, identical content kept once")
                .containsExactly("second text", "first text");
        List<MultiStatus.Response> list = v.list(fileId);
        MultiStatus.Response newest = list.get(0);
        assertThat(newest.text("{DAV:}getcontentlength")).isEqualTo("11");
        assertThat(newest.text("{DAV:}getcontenttype")).isEqualTo("text/plain");
        assertThat(newest.text("{DAV:}getetag")).isNotBlank();
        assertThat(newest.statusOf(NC + "version-label")).isEqualTo(200);
        assertThat(newest.text(NC + "version-label")).isEmpty();
        assertThat(newest.text(NC + "version-author")).isEqualTo(user);
        // the Android app takes a version's name from its date
        String name = newest.href().substring(newest.href().lastIndexOf('/') + 1);
        long date = org.kiste.dav.HttpDates.parse(newest.text("{DAV:}getlastmodified"));
        assertThat(date / 1000).isEqualTo(Long.parseLong(name));

        FileLikeGet.assertServedLikeAFile(
                d, ts.baseUrl + list.get(1).href(), "first text".getBytes(StandardCharsets.UTF_8));
        assertThat(d.send("GET", ts.baseUrl + list.get(1).href(), null)
                        .headers()
                        .firstValue("OC-FileId"))
                .hasValueSatisfying(h -> assertThat(h).startsWith(String.format("%08d", fileId)));
        assertThat(d.send("GET", ts.baseUrl + list.get(1).href(), null)
                        .headers()
                        .firstValue("Content-Disposition"))
                .as("saved under the file's name")
                .hasValue("attachment; filename=\"report.txt\"; filename*=UTF-8''report.txt");
    }

    @Test
    void restoringKeepsTheFileAndTurnsItsContentIntoAVersion() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        d.put("plan.txt", "plan A");
        long fileId = id(d, "plan.txt");
        d.put("plan.txt", "plan B");
        d.put("plan.txt", "plan C");
        MultiStatus.Response planA = v.list(fileId).get(1);
        assertThat(d.send("GET", ts.baseUrl + planA.href(), null).body()).isEqualTo("plan A");

        HttpResponse<String> r = v.restore(planA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(d.get("plan.txt").body()).isEqualTo("plan A");
        assertThat(id(d, "plan.txt")).as("the same file").isEqualTo(fileId);
        // (listed by date, which for writes within one second is the order their names were free in)
        assertThat(v.contents(fileId)).containsExactlyInAnyOrder("plan C", "plan B");
        assertThat(d.send(
                                "MOVE",
                                v.fileUrl(fileId) + "1",
                                null,
                                "Destination",
                                ts.baseUrl + "/remote.php/dav/versions/" + user + "/restore/target")
                        .statusCode())
                .as("no such version")
                .isEqualTo(404);
        // the restored content takes the version's date
        assertThat(org.kiste.dav.HttpDates.parse(d.head("plan.txt")
                                .headers()
                                .firstValue("Last-Modified")
                                .orElseThrow())
                        / 1000)
                .isEqualTo(Long.parseLong(planA.href().substring(planA.href().lastIndexOf('/') + 1)));
        assertThat(d.send(
                                "MOVE",
                                ts.baseUrl + v.list(fileId).get(0).href(),
                                null,
                                "Destination",
                                d.url("elsewhere.txt"))
                        .statusCode())
                .as("restore only into restore/")
                .isEqualTo(403);
    }

    @Test
    void versionsAreNamedAndDeleted() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        d.put("a.txt", "one");
        long fileId = id(d, "a.txt");
        d.put("a.txt", "two");
        d.put("a.txt", "three");
        MultiStatus.Response one = v.list(fileId).get(1);
        HttpResponse<String> named = v.label(one, "Final &amp; approved");
        assertThat(named.statusCode()).isEqualTo(207);
        assertThat(MultiStatus.parse(named).self().statusOf(NC + "version-label"))
                .isEqualTo(200);
        assertThat(v.list(fileId).get(1).text(NC + "version-label")).isEqualTo("Final & approved");
        assertThat(v.label(one, "x".repeat(300)).statusCode()).as("too long").isEqualTo(400);
        HttpResponse<String> other = d.send(
                "PROPPATCH",
                ts.baseUrl + one.href(),
                "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:x=\"urn:x\"><d:set><d:prop><x:y>1</x:y></d:prop></d:set>"
                        + "</d:propertyupdate>");
        assertThat(MultiStatus.parse(other).self().statusOf("{urn:x}y")).isEqualTo(403);

        assertThat(d.send("DELETE", ts.baseUrl + v.list(fileId).get(0).href(), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(v.contents(fileId)).containsExactly("one");
        assertThat(v.list(fileId).get(0).text(NC + "version-label")).isEqualTo("Final & approved");
    }

    @Test
    void versionsFollowTheFileAndGoWithIt() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        d.mkcol("Folder");
        d.put("doc.txt", "old content");
        long fileId = id(d, "doc.txt");
        d.put("doc.txt", "new content");
        assertThat(d.move("doc.txt", "renamed.txt").statusCode()).isEqualTo(201);
        assertThat(d.move("renamed.txt", "Folder/moved.txt").statusCode()).isEqualTo(201);
        assertThat(v.contents(fileId)).containsExactly("old content");

        // the garbage collector keeps what a version names
        Collector.collectNow(ts);
        assertThat(v.contents(fileId)).containsExactly("old content");
        long home = ts.backend.users().find(user).orElseThrow().principal().homeSpaceId();
        assertThat(org.kiste.integrity.TreeInvariants.check(ts, List.of(home))).isEmpty();

        assertThat(d.delete("Folder").statusCode()).isEqualTo(204);
        assertThat(v.propfind(fileId).statusCode())
                .as("in the trash: not listed")
                .isEqualTo(404);
        assertThat(versionRows(fileId)).isEqualTo(1);
        String trash = ts.baseUrl + "/remote.php/dav/trashbin/" + user + "/trash/";
        MultiStatus items = MultiStatus.parse(d.send("PROPFIND", trash, null, "Depth", "1"));
        String item = items.responses.get(1).href();
        String key = item.replaceAll("/$", "");
        key = key.substring(key.lastIndexOf('/') + 1);
        assertThat(d.send(
                                "MOVE",
                                ts.baseUrl + item,
                                null,
                                "Destination",
                                ts.baseUrl + "/remote.php/dav/trashbin/" + user + "/restore/" + key)
                        .statusCode())
                .isEqualTo(201);
        assertThat(v.contents(fileId)).as("back from the trash").containsExactly("old content");

        assertThat(d.delete("Folder/moved.txt").statusCode()).isEqualTo(204);
        items = MultiStatus.parse(d.send("PROPFIND", trash, null, "Depth", "1"));
        assertThat(d.send("DELETE", ts.baseUrl + items.responses.get(1).href(), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(versionRows(fileId)).as("purged with the file").isZero();
    }

    @Test
    void copyOverALinkUploadAndAMoveIntoATeamFolderKeepVersions() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        d.mkcol("Shared");
        d.put("Shared/sheet.txt", "sheet 1");
        long fileId = id(d, "Shared/sheet.txt");
        d.put("template.txt", "sheet 2");
        assertThat(d.copy("template.txt", "Shared/sheet.txt", "Overwrite", "T").statusCode())
                .isEqualTo(204);
        assertThat(v.contents(fileId)).containsExactly("sheet 1");

        org.kiste.model.Share link =
                new org.kiste.testing.Links(ts).create(user, "/Shared", org.kiste.testing.Links.READ_WRITE, null);
        HttpResponse<String> visitor = new Dav(ts.baseUrl, "anonymous", null)
                .send("PUT", ts.baseUrl + "/public.php/dav/files/" + link.token() + "/sheet.txt", "sheet 3");
        assertThat(visitor.statusCode()).isEqualTo(204);
        assertThat(v.contents(fileId)).containsExactly("sheet 2", "sheet 1");
        assertThat(v.list(fileId).get(0).statusOf(NC + "version-author"))
                .as("sheet 2 was written by the user")
                .isEqualTo(200);

        String folder = new org.kiste.testing.Spaces(ts).teamFolder(-1, user);
        assertThat(d.move("Shared/sheet.txt", Dav.enc(folder) + "/sheet.txt").statusCode())
                .isEqualTo(201);
        assertThat(id(d, Dav.enc(folder) + "/sheet.txt")).isEqualTo(fileId);
        assertThat(v.contents(fileId)).as("into another space").containsExactly("sheet 2", "sheet 1");
        assertThat(d.put(Dav.enc(folder) + "/sheet.txt", "sheet 4").statusCode())
                .isEqualTo(204);
        assertThat(v.contents(fileId)).containsExactly("sheet 3", "sheet 2", "sheet 1");
        assertThat(v.list(fileId).get(0).statusOf(NC + "version-author"))
                .as("sheet 3 came from a link's visitor, who has no account")
                .isEqualTo(404);
    }

    /** The WebDAV address of a read-write public link to {@code user}'s {@code folder}. */
    private String writableLinkDav(String user, String folder) {
        org.kiste.model.Share link =
                new org.kiste.testing.Links(ts).create(user, folder, org.kiste.testing.Links.READ_WRITE, null);
        return ts.baseUrl + "/public.php/dav/files/" + link.token() + "/";
    }

    @Test
    void aWriteThatKeepsNoVersionStillRecordsItsWriter() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        d.mkcol("Drop");
        d.put("Drop/same.txt", "same");
        d.put("Drop/empty.txt", "");
        long sameId = id(d, "Drop/same.txt");
        long emptyId = id(d, "Drop/empty.txt");
        String linkDav = writableLinkDav(user, "/Drop");
        Dav visitor = new Dav(ts.baseUrl, "anonymous", null);
        // the same content again, and content where there was none: neither keeps a version
        assertThat(visitor.send("PUT", linkDav + "same.txt", "same").statusCode())
                .isEqualTo(204);
        assertThat(visitor.send("PUT", linkDav + "empty.txt", "from the visitor")
                        .statusCode())
                .isEqualTo(204);
        assertThat(v.contents(sameId)).isEmpty();
        assertThat(v.contents(emptyId)).isEmpty();

        assertThat(d.put("Drop/same.txt", "the user's").statusCode()).isEqualTo(204);
        assertThat(d.put("Drop/empty.txt", "the user's").statusCode()).isEqualTo(204);
        assertThat(v.contents(sameId)).containsExactly("same");
        assertThat(v.contents(emptyId)).containsExactly("from the visitor");
        assertThat(v.list(sameId).get(0).statusOf(NC + "version-author"))
                .as("the visitor wrote the same content last")
                .isEqualTo(404);
        assertThat(v.list(emptyId).get(0).statusOf(NC + "version-author"))
                .as("the visitor wrote into the empty file")
                .isEqualTo(404);

        assertThat(d.put("Drop/same.txt", "the user's").statusCode()).isEqualTo(204);
        assertThat(d.put("Drop/same.txt", "again").statusCode()).isEqualTo(204);
        assertThat(v.list(sameId).get(0).text(NC + "version-author"))
                .as("the user rewrote its own content, then replaced it")
                .isEqualTo(user);
    }

    @Test
    void aCopyAndARestoreThatKeepNoVersionRecordTheirWriter() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        d.mkcol("Box");
        d.put("Box/a.txt", "A");
        d.put("Box/t.txt", "A");
        d.put("Box/r.txt", "X");
        d.put("Box/r.txt", "Y");
        long aId = id(d, "Box/a.txt");
        long rId = id(d, "Box/r.txt");
        String linkDav = writableLinkDav(user, "/Box");
        Dav visitor = new Dav(ts.baseUrl, "anonymous", null);

        // the visitor copies the same content over a.txt: nothing is kept, the visitor wrote it last
        assertThat(visitor.send("COPY", linkDav + "t.txt", null, "Destination", linkDav + "a.txt", "Overwrite", "T")
                        .statusCode())
                .isEqualTo(204);
        assertThat(v.contents(aId)).isEmpty();
        d.put("Box/a.txt", "B");
        assertThat(v.list(aId).get(0).statusOf(NC + "version-author")).isEqualTo(404);

        // the visitor writes X again; the user restores the version X, the content the file has: nothing is kept,
        // the user wrote it last
        assertThat(visitor.send("PUT", linkDav + "r.txt", "X").statusCode()).isEqualTo(204);
        assertThat(v.contents(rId)).containsExactly("Y", "X");
        assertThat(v.restore(v.list(rId).get(1)).statusCode()).isEqualTo(201);
        assertThat(v.contents(rId)).containsExactly("Y");
        d.put("Box/r.txt", "Z");
        List<String> kept = v.contents(rId);
        assertThat(kept).containsExactlyInAnyOrder("X", "Y"); // the restored X kept its date
        assertThat(v.list(rId).get(kept.indexOf("X")).text(NC + "version-author"))
                .isEqualTo(user);
    }

    @Test
    void contentsReplacedWithTheSameModificationTimeGetOneNameEach() {
        String user = ts.newUser("ver");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        String mtime = "1700000000";
        assertThat(d.put("same.txt", "one", "X-OC-Mtime", mtime).statusCode()).isEqualTo(201);
        long fileId = id(d, "same.txt");
        for (String text : List.of("two", "three", "four")) {
            assertThat(d.put("same.txt", text, "X-OC-Mtime", mtime).statusCode())
                    .isEqualTo(204);
        }
        assertThat(v.contents(fileId)).containsExactly("three", "two", "one");
        assertThat(v.list(fileId))
                .extracting(r -> r.href().substring(r.href().lastIndexOf('/') + 1))
                .as("the first under its mtime in seconds, the others on the next free seconds")
                .containsExactly("1700000002", "1700000001", "1700000000");
        assertThat(v.list(fileId))
                .allSatisfy(r -> assertThat(r.text(NC + "version-author")).isEqualTo(user));
        assertThat(d.get("same.txt").body()).isEqualTo("four");
    }

    @Test
    void nobodyElseReachesAUsersVersions() {
        String user = ts.newUser("ver");
        String stranger = ts.newUser("ver");
        Dav d = ts.dav(user);
        d.put("secret.txt", "secret 1");
        long fileId = id(d, "secret.txt");
        d.put("secret.txt", "secret 2");
        MultiStatus.Response version = new VersionsDav(d).list(fileId).get(0);
        Dav s = ts.dav(stranger);
        assertThat(s.send("PROPFIND", new VersionsDav(d).fileUrl(fileId), null, "Depth", "1")
                        .statusCode())
                .as("another user's versions URL")
                .isEqualTo(404);
        assertThat(s.send("GET", ts.baseUrl + version.href(), null).statusCode())
                .isEqualTo(404);
        assertThat(new VersionsDav(s).propfind(fileId).statusCode())
                .as("a file id the user cannot reach")
                .isEqualTo(404);
        assertThat(new VersionsDav(d).propfind(999_999_999L).statusCode()).isEqualTo(404);
        assertThat(d.send("PROPFIND", ts.baseUrl + "/remote.php/dav/versions/" + user + "/versions/x/", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(ts.anonymous()
                        .send("PROPFIND", new VersionsDav(d).fileUrl(fileId), null, "Depth", "1")
                        .statusCode())
                .isEqualTo(401);
    }
}
