package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kiste.testing.DavLocks.assertLockTokenSubmitted;
import static org.kiste.testing.DavLocks.tagged;

import java.net.http.HttpResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.TestServer;

/**
 * A MOVE or COPY that carries {@code X-OC-Mtime} onto a locked file is one write: the content and the time arrive
 * together, or nothing changes. Without the lock token it is refused with 423 and the destination keeps its
 * content, etag and time, the source stays. With the token, submitted by the lock's owner, the destination gets
 * the source's content and the client's time at once, and the answer says so (204 or 201 with {@code X-OC-MTime:
 * accepted}). The time used to be applied in a second step that submitted no token, so the lock owner's transfer
 * was carried out and then answered 423, without the time.
 */
class MoveOverLockedFileWithMtimeTest {
    private static final String MTIME = "1600000000";
    private static final String MTIME_HTTP = "Sun, 13 Sep 2020 12:26:40 GMT";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("mtlock"));
    }

    @Test
    void withoutTheTokenAMoveOrCopyWithAnMtimeChangesNothing() {
        Dav dav = me.in("refused");
        assertThat(dav.put("doc.txt", "locked content", "X-OC-Mtime", "1500000000")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.put("other.txt", "incoming").statusCode()).isEqualTo(201);
        DavLocks.take(dav, "doc.txt", "0");
        String etag = dav.etag("doc.txt");
        String mtime = lastModified(dav, "doc.txt");
        String lockRoot = Dav.decode(dav.home()) + "doc.txt";

        assertLockTokenSubmitted(dav.move("other.txt", "doc.txt", "Overwrite", "T", "X-OC-Mtime", MTIME), lockRoot);
        assertLockTokenSubmitted(dav.copy("other.txt", "doc.txt", "Overwrite", "T", "X-OC-Mtime", MTIME), lockRoot);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(dav.get("doc.txt").body()).as("content of doc.txt").isEqualTo("locked content");
        soft.assertThat(dav.etag("doc.txt")).as("etag of doc.txt").isEqualTo(etag);
        soft.assertThat(lastModified(dav, "doc.txt")).as("time of doc.txt").isEqualTo(mtime);
        soft.assertThat(dav.get("other.txt").body()).as("the source").isEqualTo("incoming");
        soft.assertAll();
    }

    @Test
    void theLockOwnersMoveWithAnMtimeOntoTheLockedFileIsOneWrite() {
        Dav dav = me.in("move");
        dav.put("doc.txt", "locked content", "X-OC-Mtime", "1500000000");
        dav.put("other.txt", "incoming");
        String token = DavLocks.take(dav, "doc.txt", "0");

        HttpResponse<String> r = dav.move(
                "other.txt", "doc.txt", "Overwrite", "T", "X-OC-Mtime", MTIME, "If", tagged(dav.url("doc.txt"), token));

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.statusCode()).as("MOVE answered %s", r.body()).isEqualTo(204);
        soft.assertThat(r.headers().firstValue("X-OC-MTime")).as("X-OC-MTime").contains("accepted");
        soft.assertThat(dav.get("doc.txt").body()).as("content of doc.txt").isEqualTo("incoming");
        soft.assertThat(lastModified(dav, "doc.txt")).as("time of doc.txt").isEqualTo(MTIME_HTTP);
        soft.assertThat(dav.get("other.txt").statusCode())
                .as("GET of the moved source")
                .isEqualTo(404);
        soft.assertThat(DavLocks.discovered(dav, "doc.txt"))
                .as("the lock stays on the destination")
                .extracting(DavLocks.Active::token)
                .containsExactly(token);
        soft.assertAll();
    }

    @Test
    void theLockOwnersCopyWithAnMtimeOntoTheLockedFileIsOneWrite() {
        Dav dav = me.in("copy");
        dav.put("doc.txt", "locked content", "X-OC-Mtime", "1500000000");
        dav.put("other.txt", "incoming", "X-OC-Mtime", "1400000000");
        String token = DavLocks.take(dav, "doc.txt", "0");

        HttpResponse<String> r = dav.copy(
                "other.txt", "doc.txt", "Overwrite", "T", "X-OC-Mtime", MTIME, "If", tagged(dav.url("doc.txt"), token));

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.statusCode()).as("COPY answered %s", r.body()).isEqualTo(204);
        soft.assertThat(r.headers().firstValue("X-OC-MTime")).as("X-OC-MTime").contains("accepted");
        soft.assertThat(dav.get("doc.txt").body()).as("content of doc.txt").isEqualTo("incoming");
        soft.assertThat(lastModified(dav, "doc.txt")).as("time of doc.txt").isEqualTo(MTIME_HTTP);
        soft.assertThat(dav.get("other.txt").body()).as("the source").isEqualTo("incoming");
        soft.assertAll();
    }

    @Test
    void theLockOwnersMoveWithAnMtimeIntoALockedFolderIsOneWrite() {
        Dav dav = me.in("folder");
        dav.mkcol("locked");
        dav.put("other.txt", "incoming");
        String token = DavLocks.take(dav, "locked", "infinity");

        HttpResponse<String> r =
                dav.move("other.txt", "locked/new.txt", "X-OC-Mtime", MTIME, "If", tagged(dav.url("locked"), token));

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.statusCode()).as("MOVE answered %s", r.body()).isEqualTo(201);
        soft.assertThat(r.headers().firstValue("X-OC-MTime")).as("X-OC-MTime").contains("accepted");
        soft.assertThat(dav.get("locked/new.txt").body())
                .as("content of new.txt")
                .isEqualTo("incoming");
        soft.assertThat(lastModified(dav, "locked/new.txt"))
                .as("time of new.txt")
                .isEqualTo(MTIME_HTTP);
        soft.assertThat(dav.get("other.txt").statusCode())
                .as("GET of the moved source")
                .isEqualTo(404);
        soft.assertAll();
    }

    private static String lastModified(Dav dav, String path) {
        return dav.props(path, "0", "getlastmodified").self().text("getlastmodified");
    }
}
