package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.files.Resolved;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.store.FolderFolding;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Strong etags: a file's changes with its content and only then; a folder's (and every ancestor's up to the
 * root) with anything below it, with the folder size following; background folding changes none of them.
 */
class EtagTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("etag"));
    }

    record State(String etag, long size) {}

    private static State state(Dav dav, String path) {
        MultiStatus.Response r =
                dav.props(path, "0", "getetag", "quota-used-bytes").self();
        return new State(r.text("getetag"), Long.parseLong(r.text("quota-used-bytes")));
    }

    private static String etagOf(Dav dav, String path) {
        return dav.props(path, "0", "getetag").self().text("getetag");
    }

    @Test
    void etagsAreStrongQuotedAndTheSameEverywhere() {
        Dav dav = me.in("strong");
        HttpResponse<String> put = dav.put("f.txt", "hello");
        String etag = put.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[^\"\\s]+\"").doesNotStartWith("W/");
        assertThat(dav.get("f.txt").headers().firstValue("ETag")).hasValue(etag);
        assertThat(dav.head("f.txt").headers().firstValue("ETag")).hasValue(etag);
        assertThat(etagOf(dav, "f.txt")).isEqualTo(etag);
        MultiStatus list = MultiStatus.parse(dav.propfind("", "1", null));
        assertThat(list.at(Dav.decode(dav.home()) + "f.txt").text("getetag")).isEqualTo(etag);
        assertThat(list.self().text("getetag")).matches("\"[^\"\\s]+\"");

        HttpResponse<String> replaced = dav.put("f.txt", "hello, again");
        assertThat(replaced.headers().firstValue("ETag").orElseThrow())
                .isNotEqualTo(etag)
                .isEqualTo(etagOf(dav, "f.txt"));
    }

    @Test
    void aFileEtagChangesWithItsContentOnly() {
        Dav dav = me.in("content");
        dav.put("a.txt", "version 1");
        String v1 = etagOf(dav, "a.txt");
        dav.put("a.txt", "version 2");
        String v2 = etagOf(dav, "a.txt");
        assertThat(v2).isNotEqualTo(v1);

        assertThat(dav.move("a.txt", "renamed.txt").statusCode()).isEqualTo(201);
        assertThat(etagOf(dav, "renamed.txt")).as("after rename").isEqualTo(v2);
        dav.mkcol("sub");
        assertThat(dav.move("renamed.txt", "sub/moved.txt").statusCode()).isEqualTo(201);
        assertThat(etagOf(dav, "sub/moved.txt")).as("after move").isEqualTo(v2);
        dav.mkcol("other");
        assertThat(dav.move("sub", "other/sub").statusCode()).isEqualTo(201);
        assertThat(etagOf(dav, "other/sub/moved.txt"))
                .as("after moving its folder")
                .isEqualTo(v2);

        assertThat(dav.proppatch("other/sub/moved.txt", PropPatchTest.set("<x:k xmlns:x=\"urn:k\">v</x:k>"))
                        .statusCode())
                .isEqualTo(207);
        assertThat(etagOf(dav, "other/sub/moved.txt")).as("after PROPPATCH").isEqualTo(v2);

        assertThat(dav.copy("other/sub/moved.txt", "copy.txt").statusCode()).isEqualTo(201);
        assertThat(etagOf(dav, "other/sub/moved.txt")).as("source after COPY").isEqualTo(v2);
        assertThat(dav.get("other/sub/moved.txt").headers().firstValue("ETag")).hasValue(v2);

        dav.put("other/sub/moved.txt", "version 3");
        assertThat(etagOf(dav, "other/sub/moved.txt")).isNotEqualTo(v2);
    }

    @Test
    void windowsTimePropertiesChangeTheModificationTimeButNotTheEtag() {
        Dav dav = me.in("win32");
        dav.put("doc.txt", "text");
        MultiStatus.Response before =
                dav.props("doc.txt", "0", "getetag", "getlastmodified").self();
        String patch = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propertyupdate xmlns:D=\"DAV:\""
                + " xmlns:Z=\"urn:schemas-microsoft-com:\"><D:set><D:prop>"
                + "<Z:Win32CreationTime>Mon, 01 Jan 2001 10:00:00 GMT</Z:Win32CreationTime>"
                + "<Z:Win32LastAccessTime>Tue, 02 Jan 2001 10:00:00 GMT</Z:Win32LastAccessTime>"
                + "<Z:Win32LastModifiedTime>Wed, 03 Jan 2001 04:05:06 GMT</Z:Win32LastModifiedTime>"
                + "<Z:Win32FileAttributes>00000020</Z:Win32FileAttributes>"
                + "</D:prop></D:set></D:propertyupdate>";
        HttpResponse<String> r = dav.proppatch("doc.txt", patch);
        assertThat(r.statusCode()).isEqualTo(207);
        assertThat(MultiStatus.parse(r).self().propstats())
                .extracting(MultiStatus.PropStat::status)
                .containsOnly(200);
        MultiStatus.Response after = dav.props(
                        "doc.txt", "0", "getetag", "getlastmodified", "{urn:schemas-microsoft-com:}Win32FileAttributes")
                .self();
        assertThat(after.text("getetag")).isEqualTo(before.text("getetag"));
        assertThat(after.text("getlastmodified"))
                .isEqualTo("Wed, 03 Jan 2001 04:05:06 GMT")
                .isNotEqualTo(before.text("getlastmodified"));
        assertThat(after.text("{urn:schemas-microsoft-com:}Win32FileAttributes"))
                .isEqualTo("00000020");
        HttpResponse<String> get = dav.get("doc.txt");
        assertThat(get.headers().firstValue("ETag")).hasValue(before.text("getetag"));
        assertThat(get.headers().firstValue("Last-Modified")).hasValue("Wed, 03 Jan 2001 04:05:06 GMT");
    }

    @Test
    void folderEtagsAndSizesFollowEveryChangeBelowUpToTheRoot() {
        Dav root = me;
        Dav t = me.in("tree");
        String r = t.rel().substring(1); // "tree/"
        t.mkcol("a");
        t.mkcol("a/b");
        t.mkcol("side");
        t.put("side/x.txt", "0123456789"); // 10 bytes
        List<String> chain = List.of("", r, r + "a", r + "a/b");

        Map<String, State> s0 = snapshot(root, chain, r + "side");
        t.put("a/b/f.txt", "twelve bytes"); // 12
        Map<String, State> s1 = snapshot(root, chain, r + "side");
        assertChanged(s0, s1, chain, 12);
        assertThat(s1.get(r + "side")).as("an unrelated sibling").isEqualTo(s0.get(r + "side"));

        t.put("a/b/f.txt", "now twenty bytes!..."); // 20: +8
        Map<String, State> s2 = snapshot(root, chain, r + "side");
        assertChanged(s1, s2, chain, 8);

        t.mkcol("a/b/c");
        Map<String, State> s3 = snapshot(root, chain, r + "side");
        assertChanged(s2, s3, chain, 0);

        // MOVE out of b into side: b and a lose 20 bytes, side gains them, tree and root change size-neutrally
        assertThat(t.move("a/b/f.txt", "side/f.txt").statusCode()).isEqualTo(201);
        Map<String, State> s4 = snapshot(root, chain, r + "side");
        assertChanged(s3, s4, List.of(r + "a", r + "a/b"), -20);
        assertChanged(s3, s4, List.of(r + "side"), 20);
        assertChanged(s3, s4, List.of("", r), 0);

        // MOVE back in
        assertThat(t.move("side/f.txt", "a/b/f.txt").statusCode()).isEqualTo(201);
        Map<String, State> s5 = snapshot(root, chain, r + "side");
        assertChanged(s4, s5, List.of(r + "a", r + "a/b"), 20);
        assertChanged(s4, s5, List.of(r + "side"), -20);
        assertChanged(s4, s5, List.of("", r), 0);

        // COPY in: the destination's ancestors change, the source's folder does not
        assertThat(t.copy("side/x.txt", "a/b/x-copy.txt").statusCode()).isEqualTo(201);
        Map<String, State> s6 = snapshot(root, chain, r + "side");
        assertChanged(s5, s6, chain, 10);
        assertThat(s6.get(r + "side")).isEqualTo(s5.get(r + "side"));

        // a folder copied in with content
        assertThat(t.copy("side", "a/b/c/side-copy").statusCode()).isEqualTo(201);
        Map<String, State> s7 = snapshot(root, chain, r + "side");
        assertChanged(s6, s7, chain, 10);
        assertThat(state(t, "a/b/c/side-copy").size()).isEqualTo(10);

        assertThat(t.delete("a/b/x-copy.txt").statusCode()).isEqualTo(204);
        Map<String, State> s8 = snapshot(root, chain, r + "side");
        assertChanged(s7, s8, chain, -10);

        // DELETE of a subtree: everything above it changes and shrinks by its size (20 + 10)
        List<String> above = List.of("", r, r + "a");
        Map<String, State> b0 = snapshot(root, above);
        assertThat(t.delete("a/b").statusCode()).isEqualTo(204);
        Map<String, State> b1 = snapshot(root, above);
        assertChanged(b0, b1, above, -30);
        assertThat(b1.get(r + "a").size()).isZero();
    }

    @Test
    void depthOneListingsReportTheSameFolderEtagsAndSizesAsDepthZero() {
        Dav t = me.in("listing");
        t.mkcol("one");
        t.mkcol("two");
        t.put("one/f.txt", "abc");
        t.put("two/g.txt", "defgh");
        t.mkcol("two/deeper");
        t.put("two/deeper/h.txt", "ij");
        assertListingConsistent(t);
    }

    private static void assertListingConsistent(Dav t) {
        MultiStatus list = t.props("", "1", "getetag", "quota-used-bytes");
        for (String name : new String[] {"one", "two"}) {
            MultiStatus.Response listed = list.at(Dav.decode(t.home()) + name + "/");
            State direct = state(t, name);
            assertThat(listed.text("getetag")).as(name).isEqualTo(direct.etag());
            assertThat(Long.parseLong(listed.text("quota-used-bytes"))).as(name).isEqualTo(direct.size());
        }
        assertThat(state(t, "two").size()).isEqualTo(7);
    }

    @Test
    void foldingTheJournalChangesNoEtagAndNoSize() throws Exception {
        Dav t = me.in("fold");
        t.mkcol("p");
        t.mkcol("p/q");
        for (int i = 0; i < 5; i++) {
            t.put("p/q/f" + i + ".txt", "content " + i);
        }
        t.move("p/q/f0.txt", "p/f0.txt");
        t.delete("p/q/f1.txt");
        t.mkcol("one");
        t.mkcol("two");
        t.put("one/f.txt", "abc");
        t.put("two/g.txt", "defgh");
        t.mkcol("two/deeper");
        t.put("two/deeper/h.txt", "ij");
        List<String> folders = List.of("", "p", "p/q", "one", "two", "two/deeper");
        Map<String, State> before = snapshot(t, folders);
        MultiStatus listBefore = t.props("", "1", "getetag", "quota-used-bytes");

        Principal owner = s.users().find(me.login).orElseThrow().principal();
        Resolved deepest = s.backend.files().resolve(owner, FilePath.parse("/fold/two/deeper"));
        Resolved pq = s.backend.files().resolve(owner, FilePath.parse("/fold/p/q"));
        long[] ids = {
            deepest.chain()[0], deepest.chain()[1], deepest.chain()[2], deepest.chain()[3], pq.chain()[2], pq.chain()[3]
        };
        long deadline = System.currentTimeMillis() + 20_000;
        try (FolderFolding folding = new FolderFolding(s.backend.database())) {
            // the server folds in the background too; either way, wait until nothing is pending for these folders
            while (pending(ids) > 0) {
                folding.foldAll(100);
                assertThat(System.currentTimeMillis())
                        .as("folding finished in time")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        assertThat(snapshot(t, folders)).isEqualTo(before);
        MultiStatus listAfter = t.props("", "1", "getetag", "quota-used-bytes");
        for (MultiStatus.Response r : listBefore.responses) {
            MultiStatus.Response a = listAfter.at(r.path());
            assertThat(a.text("getetag")).as(r.path()).isEqualTo(r.text("getetag"));
            assertThat(a.text("quota-used-bytes")).as(r.path()).isEqualTo(r.text("quota-used-bytes"));
        }
        assertListingConsistent(t);

        // and changes after folding still move the etags on
        t.put("p/q/late.txt", "late");
        Map<String, State> later = snapshot(t, List.of("", "p", "p/q"));
        for (String f : List.of("", "p", "p/q")) {
            assertThat(later.get(f).etag()).as(f).isNotEqualTo(before.get(f).etag());
            assertThat(later.get(f).size()).as(f).isEqualTo(before.get(f).size() + 4);
        }
    }

    private static long pending(long[] folderIds) {
        StringBuilder in = new StringBuilder();
        for (long id : folderIds) {
            in.append(in.length() == 0 ? "" : ",").append(id);
        }
        return s.backend.database().read(c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT COUNT(*) FROM folder_change WHERE folder_id IN (" + in + ")");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static Map<String, State> snapshot(Dav dav, List<String> folders, String... more) {
        Map<String, State> m = new LinkedHashMap<>();
        for (String f : folders) {
            m.put(f, state(dav, f));
        }
        for (String f : more) {
            m.put(f, state(dav, f));
        }
        return m;
    }

    private static void assertChanged(
            Map<String, State> before, Map<String, State> after, List<String> folders, long delta) {
        for (String f : folders) {
            String name = f.isEmpty() ? "the root" : f;
            assertThat(after.get(f).etag())
                    .as("etag of " + name)
                    .isNotEqualTo(before.get(f).etag());
            assertThat(after.get(f).size())
                    .as("size of " + name)
                    .isEqualTo(before.get(f).size() + delta);
        }
    }
}
