package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** DELETE (RFC 4918 §9.6): files, whole subtrees, 404 for what is not there, the root stays. */
class DeleteTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("delete"));
    }

    @Test
    void deletesAFile() {
        Dav dav = me.in("file");
        dav.put("f.txt", "x");
        dav.put("g.txt", "y");
        assertThat(dav.delete("f.txt").statusCode()).isEqualTo(204);
        assertThat(dav.get("f.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("g.txt").body()).isEqualTo("y");
        assertThat(dav.delete("f.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void deletingAFolderRemovesTheWholeSubtree() {
        Dav dav = me.in("tree");
        dav.mkcol("a");
        dav.mkcol("a/b");
        dav.mkcol("a/b/c");
        dav.put("a/top.txt", "1");
        dav.put("a/b/mid.txt", "2");
        dav.put("a/b/c/deep.txt", "3");
        dav.put("sibling.txt", "stays");
        assertThat(dav.delete("a").statusCode()).isEqualTo(204);
        for (String p : new String[] {"a", "a/b", "a/b/c", "a/top.txt", "a/b/mid.txt", "a/b/c/deep.txt"}) {
            assertThat(dav.propfind(p, "0", null).statusCode()).as(p).isEqualTo(404);
            assertThat(dav.get(p).statusCode()).as(p).isEqualTo(404);
        }
        assertThat(dav.get("sibling.txt").body()).isEqualTo("stays");
        assertThat(MultiStatus.parse(dav.propfind("", "1", null)).responses).hasSize(2);
        // a new folder of the same name starts empty
        assertThat(dav.mkcol("a").statusCode()).isEqualTo(201);
        assertThat(MultiStatus.parse(dav.propfind("a", "1", null)).responses).hasSize(1);
        assertThat(dav.props("a", "0", "quota-used-bytes").self().text("quota-used-bytes"))
                .isEqualTo("0");
    }

    @Test
    void theRootCannotBeDeleted() {
        Dav dav = s.dav(me.login);
        assertThat(dav.delete("").statusCode()).isIn(403, 405);
        assertThat(dav.propfind("", "0", null).statusCode()).isEqualTo(207);
    }
}
