package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** MOVE and COPY (RFC 4918 §9.8, §9.9): Overwrite, Depth, Destination forms, refusals, stable file ids, names. */
class CopyMoveTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;
    private static Dav other;

    @BeforeAll
    static void users() {
        me = s.dav(s.newUser("cm"));
        other = s.dav(s.newUser("cmother"));
        other.put("theirs.txt", "theirs");
    }

    private static String fileId(HttpResponse<String> r) {
        return r.headers()
                .firstValue("OC-FileId")
                .orElseThrow(() -> new AssertionError("no OC-FileId: " + r.headers()));
    }

    @Test
    void overwriteDefaultsToTrue() {
        Dav dav = me.in("ow");
        for (String method : new String[] {"MOVE", "COPY"}) {
            String a = method + "-a.txt";
            String b = method + "-b.txt";
            dav.put(a, "source");
            assertThat(dav.transferRaw(method, a, dav.url("new-" + b)).statusCode())
                    .as(method + " to a new name")
                    .isEqualTo(201);
            dav.put(a, "source");
            dav.put(b, "destination");
            HttpResponse<String> r = dav.transferRaw(method, a, dav.url(b));
            assertThat(r.statusCode()).as(method + " onto an existing file").isEqualTo(204);
            assertThat(dav.get(b).body()).isEqualTo("source");
            assertThat(dav.get(a).statusCode()).isEqualTo(method.equals("MOVE") ? 404 : 200);
            dav.put(a, "again");
            assertThat(dav.transferRaw(method, a, dav.url(b), "Overwrite", "T").statusCode())
                    .isEqualTo(204);
            assertThat(dav.get(b).body()).isEqualTo("again");
        }
    }

    @Test
    void overwriteFalseOnAnExistingDestinationIs412AndChangesNothing() {
        Dav dav = me.in("owf");
        dav.mkcol("dir");
        dav.put("dir/in.txt", "inside");
        dav.mkcol("target-dir");
        dav.put("target-dir/keep.txt", "keep");
        dav.put("a.txt", "source");
        dav.put("b.txt", "destination");
        for (String method : new String[] {"MOVE", "COPY"}) {
            assertThat(dav.transferRaw(method, "a.txt", dav.url("b.txt"), "Overwrite", "F")
                            .statusCode())
                    .as(method)
                    .isEqualTo(412);
            assertThat(dav.transferRaw(method, "dir", dav.url("target-dir"), "Overwrite", "F")
                            .statusCode())
                    .as(method)
                    .isEqualTo(412);
            assertThat(dav.get("a.txt").body()).isEqualTo("source");
            assertThat(dav.get("b.txt").body()).isEqualTo("destination");
            assertThat(dav.get("dir/in.txt").body()).isEqualTo("inside");
            assertThat(dav.get("target-dir/keep.txt").body()).isEqualTo("keep");
            assertThat(dav.get("target-dir/in.txt").statusCode()).isEqualTo(404);
        }
        // to a free name, F is no obstacle
        assertThat(dav.move("a.txt", "c.txt", "Overwrite", "F").statusCode()).isEqualTo(201);
        assertThat(dav.move("c.txt", "d.txt", "Overwrite", "x").statusCode()).isEqualTo(400);
    }

    @Test
    void movingOntoAFolderReplacesItWhole() {
        Dav dav = me.in("owdir");
        dav.mkcol("src");
        dav.put("src/new.txt", "new");
        dav.mkcol("dst");
        dav.put("dst/old.txt", "old");
        assertThat(dav.move("src", "dst").statusCode()).isEqualTo(204);
        assertThat(dav.get("dst/new.txt").body()).isEqualTo("new");
        // RFC 4918 §9.9.3: the destination is deleted first, not merged
        assertThat(dav.get("dst/old.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("src/new.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void copyDepthZeroCopiesTheFolderWithoutMembers() {
        Dav dav = me.in("depth");
        dav.mkcol("f");
        dav.put("f/a.txt", "a");
        dav.mkcol("f/sub");
        dav.put("f/sub/b.txt", "b");
        dav.proppatch("f", PropPatchTest.set("<x:p xmlns:x=\"urn:d\">v</x:p>"));

        assertThat(dav.copy("f", "shallow", "Depth", "0").statusCode()).isEqualTo(201);
        MultiStatus shallow = MultiStatus.parse(dav.propfind("shallow", "1", null));
        assertThat(shallow.responses).hasSize(1);
        assertThat(dav.props("shallow", "0", "{urn:d}p").self().text("{urn:d}p"))
                .isEqualTo("v");

        assertThat(dav.copy("f", "deep", "Depth", "infinity").statusCode()).isEqualTo(201);
        assertThat(dav.get("deep/a.txt").body()).isEqualTo("a");
        assertThat(dav.get("deep/sub/b.txt").body()).isEqualTo("b");
        assertThat(dav.copy("f", "default-depth").statusCode()).isEqualTo(201);
        assertThat(dav.get("default-depth/sub/b.txt").body()).isEqualTo("b");
        // the original is untouched, and copies are independent of it
        dav.put("deep/a.txt", "changed in the copy");
        assertThat(dav.get("f/a.txt").body()).isEqualTo("a");

        assertThat(dav.copy("f", "one", "Depth", "1").statusCode()).isEqualTo(400);
        assertThat(dav.move("f", "moved", "Depth", "0").statusCode()).isEqualTo(400);
        assertThat(dav.get("f/a.txt").body()).isEqualTo("a");
    }

    @Test
    void destinationMayBeAPathOrASameHostUrlInAnyFamily() {
        Dav dav = me.in("dest");
        dav.put("f.txt", "x");
        String home = dav.home();
        assertThat(dav.transferRaw("MOVE", "f.txt", home + "by-path.txt").statusCode())
                .isEqualTo(201);
        assertThat(dav.transferRaw("MOVE", "by-path.txt", dav.baseUrl + home + "by-url.txt")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.get("by-url.txt").body()).isEqualTo("x");
        assertThat(dav.transferRaw("MOVE", "by-url.txt", "/dav" + dav.rel() + "by-short.txt")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.transferRaw(
                                "COPY",
                                "by-short.txt",
                                dav.baseUrl + "/remote.php/webdav" + dav.rel() + "by-webdav.txt")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.get("by-short.txt").body()).isEqualTo("x");
        assertThat(dav.get("by-webdav.txt").body()).isEqualTo("x");
        // a query string on the Destination is not part of the name
        assertThat(dav.transferRaw("COPY", "by-short.txt", home + "q.txt?x=1").statusCode())
                .isEqualTo(201);
        assertThat(dav.get("q.txt").body()).isEqualTo("x");
    }

    @Test
    void destinationOnAnotherHostIs502() {
        Dav dav = me.in("elsewhere");
        dav.put("f.txt", "x");
        for (String method : new String[] {"MOVE", "COPY"}) {
            for (String dest : new String[] {
                "http://other.example:8080" + dav.home() + "g.txt", "https://203.0.113.9" + dav.home() + "g.txt"
            }) {
                assertThat(dav.transferRaw(method, "f.txt", dest).statusCode())
                        .as(method + " " + dest)
                        .isEqualTo(502);
            }
        }
        assertThat(dav.get("f.txt").body()).isEqualTo("x");
        assertThat(dav.get("g.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void destinationOutsideTheUsersTreeIsRefused() {
        Dav dav = me.in("outside");
        dav.put("f.txt", "x");
        String[] destinations = {
            "/remote.php/dav/files/" + other.login + "/stolen.txt",
            "/remote.php/dav/files/" + other.login + "/theirs.txt",
            dav.baseUrl + "/remote.php/dav/files/" + other.login + "/stolen.txt",
            "/remote.php/dav/files/no-such-user/stolen.txt",
            "/elsewhere/stolen.txt",
            "/remote.php/dav/files/",
            "/remote.php/dav/stolen.txt",
            "/stolen.txt",
        };
        for (String method : new String[] {"COPY", "MOVE"}) {
            for (String d : destinations) {
                int status = dav.transferRaw(method, "f.txt", d).statusCode();
                assertThat(status).as(method + " to " + d).isIn(403, 404);
                assertThat(dav.get("f.txt").body()).isEqualTo("x");
            }
        }
        assertThat(other.get("theirs.txt").body()).isEqualTo("theirs");
        assertThat(other.get("stolen.txt").statusCode()).isEqualTo(404);
        assertThat(dav.transferRaw("MOVE", "f.txt", "").statusCode()).isEqualTo(400);
    }

    @Test
    void aFolderCannotGoIntoItself() {
        Dav dav = me.in("self");
        dav.mkcol("a");
        dav.mkcol("a/b");
        dav.put("a/b/f.txt", "x");
        for (String method : new String[] {"MOVE", "COPY"}) {
            for (String dest : new String[] {"a/inside", "a/b/inside", "a"}) {
                int st = dav.transferRaw(method, "a", dav.url(dest)).statusCode();
                assertThat(st).as(method + " a → " + dest).isIn(403, 409);
            }
        }
        assertThat(dav.get("a/b/f.txt").body()).isEqualTo("x");
        assertThat(MultiStatus.parse(dav.propfind("a", "1", null)).responses).hasSize(2);
    }

    @Test
    void missingSourceIs404AndMissingDestinationParentIs409() {
        Dav dav = me.in("missing");
        dav.put("f.txt", "x");
        assertThat(dav.move("nope.txt", "g.txt").statusCode()).isEqualTo(404);
        assertThat(dav.copy("nope.txt", "g.txt").statusCode()).isEqualTo(404);
        assertThat(dav.move("f.txt", "no-parent/g.txt").statusCode()).isEqualTo(409);
        assertThat(dav.copy("f.txt", "no-parent/g.txt").statusCode()).isEqualTo(409);
        assertThat(dav.get("f.txt").body()).isEqualTo("x");
    }

    @Test
    void fileIdsSurviveMoveAndCopiesGetNewOnes() {
        Dav dav = me.in("ids");
        String id = fileId(dav.put("f.txt", "x"));
        HttpResponse<String> moved = dav.move("f.txt", "g.txt");
        assertThat(fileId(moved)).isEqualTo(id);
        assertThat(fileId(dav.get("g.txt"))).isEqualTo(id);
        dav.put("g.txt", "new content");
        assertThat(fileId(dav.get("g.txt"))).as("content changes keep the id").isEqualTo(id);

        String folderId = fileId(dav.mkcol("dir"));
        dav.mkcol("elsewhere");
        assertThat(fileId(dav.move("dir", "elsewhere/dir2"))).isEqualTo(folderId);
        assertThat(fileId(dav.move("g.txt", "elsewhere/dir2/h.txt"))).isEqualTo(id);
        assertThat(fileId(dav.get("elsewhere/dir2/h.txt"))).isEqualTo(id);

        String copyId = fileId(dav.copy("elsewhere/dir2/h.txt", "copy.txt"));
        assertThat(copyId).isNotEqualTo(id);
        assertThat(fileId(dav.get("copy.txt"))).isEqualTo(copyId);
    }

    @Test
    void caseOnlyRenameIsARealRenameAndNamesAreCaseSensitive() {
        Dav dav = me.in("case");
        dav.put("a.txt", "lower");
        String id = fileId(dav.get("a.txt"));
        assertThat(dav.move("a.txt", "A.txt").statusCode()).isEqualTo(201);
        assertThat(dav.get("a.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("A.txt").body()).isEqualTo("lower");
        assertThat(fileId(dav.get("A.txt"))).isEqualTo(id);
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", null));
        assertThat(ms.paths())
                .contains(Dav.decode(dav.home()) + "A.txt")
                .doesNotContain(Dav.decode(dav.home()) + "a.txt");

        // both spellings are distinct files
        assertThat(dav.put("a.txt", "second").statusCode()).isEqualTo(201);
        assertThat(dav.get("A.txt").body()).isEqualTo("lower");
        assertThat(dav.get("a.txt").body()).isEqualTo("second");
        assertThat(MultiStatus.parse(dav.propfind("", "1", null)).paths())
                .contains(Dav.decode(dav.home()) + "A.txt", Dav.decode(dav.home()) + "a.txt");

        // folders too
        dav.mkcol("Docs");
        assertThat(dav.mkcol("docs").statusCode()).isEqualTo(201);
        assertThat(dav.move("Docs", "DOCS").statusCode()).isEqualTo(201);
        assertThat(dav.propfind("DOCS", "0", null).statusCode()).isEqualTo(207);
        assertThat(dav.propfind("Docs", "0", null).statusCode()).isEqualTo(404);
    }

    @Test
    void moveAndCopyToTheSamePathAreRefused() {
        Dav dav = me.in("same");
        dav.put("f.txt", "x");
        assertThat(dav.move("f.txt", "f.txt").statusCode()).isEqualTo(403);
        assertThat(dav.copy("f.txt", "f.txt").statusCode()).isEqualTo(403);
        assertThat(dav.get("f.txt").body()).isEqualTo("x");
    }
}
