package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A deep COPY of a folder tree: sizes summed from what was copied, new file ids and etags for every copied item,
 * the quota decided before anything is written, and a locked member of a replaced destination respected.
 */
class FolderCopyTest {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final TestServer s = TestServer.get();

    /** A tree of 2 folders of 3 files, 10 bytes each, one folder nested: 60 bytes. */
    private static void tree(Dav dav, String top) {
        assertThat(dav.mkcol(top).statusCode()).isEqualTo(201);
        assertThat(dav.mkcol(top + "/a").statusCode()).isEqualTo(201);
        assertThat(dav.mkcol(top + "/a/b").statusCode()).isEqualTo(201);
        for (String dir : new String[] {"/a/", "/a/b/"}) {
            for (int i = 0; i < 3; i++) {
                assertThat(dav.put(top + dir + "f" + i + ".txt", "0123456789").statusCode())
                        .isEqualTo(201);
            }
        }
    }

    private static long used(Dav dav) {
        return Long.parseLong(dav.props("", "0", "quota-used-bytes").self().text("quota-used-bytes"));
    }

    @Test
    void aCopiedTreeHasItsSizesAndNewIdsAndEtags() {
        Dav dav = s.dav(s.newUser("fcopy")).in("t");
        tree(dav, "src");
        assertThat(dav.copy("src", "dst", "Overwrite", "F").statusCode()).isEqualTo(201);
        MultiStatus src = dav.props("src", "infinity", OC + "fileid", OC + "size", "getetag");
        MultiStatus dst = dav.props("dst", "infinity", OC + "fileid", OC + "size", "getetag");
        assertThat(dst.responses).hasSize(src.responses.size()).hasSize(9);
        Set<String> ids = new HashSet<>();
        Set<String> etags = new HashSet<>();
        for (MultiStatus.Response r : src.responses) {
            ids.add(r.text(OC + "fileid"));
            etags.add(r.text("getetag"));
        }
        for (MultiStatus.Response r : dst.responses) {
            String rel = r.path().substring(r.path().indexOf("/dst") + 4);
            MultiStatus.Response twin = src.at(dav.home() + "src" + rel);
            assertThat(r.text(OC + "size")).as(rel).isEqualTo(twin.text(OC + "size"));
            assertThat(ids).as(rel).doesNotContain(r.text(OC + "fileid"));
            assertThat(etags).as(rel).doesNotContain(r.text("getetag"));
        }
        assertThat(dst.at(dav.home() + "dst/").text(OC + "size")).isEqualTo("60");
        assertThat(dst.at(dav.home() + "dst/a/b/").text(OC + "size")).isEqualTo("30");
        assertThat(dav.get("dst/a/b/f2.txt").body()).isEqualTo("0123456789");
    }

    @Test
    void aTreeCopyIntoAFullSpaceIs507AndWritesNothing() {
        String login = "fcquota" + System.nanoTime() % 1_000_000;
        s.users().add(login, "pw-" + login, false, null, null, 130L);
        Dav dav = s.dav(login);
        tree(dav, "src");
        assertThat(used(dav)).isEqualTo(60);
        // 60 more fit (120 of 130), another 60 do not
        assertThat(dav.copy("src", "one").statusCode()).isEqualTo(201);
        assertThat(used(dav)).isEqualTo(120);
        HttpResponse<String> r = dav.copy("src", "two");
        assertThat(r.statusCode()).isEqualTo(507);
        assertThat(r.body()).contains("quota-not-exceeded");
        assertThat(dav.propfind("two", "0", null).statusCode()).isEqualTo(404);
        assertThat(used(dav)).isEqualTo(120);
        // nested below a copy, the same
        assertThat(dav.copy("src/a", "one/a2").statusCode()).isEqualTo(507);
        assertThat(dav.propfind("one/a2", "0", null).statusCode()).isEqualTo(404);
        assertThat(used(dav)).isEqualTo(120);
    }

    @Test
    void aLockedMemberOfTheDestinationKeepsATreeCopyOut() {
        Dav dav = s.dav(s.newUser("fclock")).in("t");
        tree(dav, "src");
        tree(dav, "dst");
        assertThat(dav.put("dst/a/b/mine.txt", "mine").statusCode()).isEqualTo(201);
        String lockBody =
                "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope>"
                        + "<d:locktype><d:write/></d:locktype><d:owner>me</d:owner></d:lockinfo>";
        HttpResponse<String> lock = dav.send("LOCK", dav.url("dst/a/b/mine.txt"), lockBody, "Timeout", "Second-60");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();

        assertThat(dav.copy("src", "dst", "Overwrite", "T").statusCode()).isEqualTo(423);
        assertThat(dav.get("dst/a/b/mine.txt").body()).isEqualTo("mine");
        assertThat(dav.props("dst", "0", OC + "size").self().text(OC + "size")).isEqualTo("64");

        assertThat(dav.send("UNLOCK", dav.url("dst/a/b/mine.txt"), null, "Lock-Token", token)
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.copy("src", "dst", "Overwrite", "T").statusCode()).isEqualTo(204);
        assertThat(dav.get("dst/a/b/mine.txt").statusCode()).isEqualTo(404);
        assertThat(dav.props("dst", "0", OC + "size").self().text(OC + "size")).isEqualTo("60");
    }
}
