package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * An empty path segment means one slash, as Apache and nginx treat it: clients that join a base URL ending in
 * {@code /} with a path starting with {@code /} send {@code …/files/alice//x.txt}. The targets go on the wire as
 * written (a URL library might collapse them first).
 */
class EmptyPathSegmentTest {
    private static final TestServer s = TestServer.get();
    private static Dav dav;
    private static String root;

    @BeforeAll
    static void user() {
        dav = s.dav(s.newUser("slash"));
        root = "/remote.php/dav/files/" + dav.login;
    }

    private static RawHttp.Answer raw(String method, String target, String body, String... headers) {
        return RawHttp.send(s.baseUrl, method, target, dav.authorization(), body, headers);
    }

    @Test
    void putGetAndPropfindAfterADoubleSlash() {
        RawHttp.Answer put = raw("PUT", root + "//x.txt", "double");
        assertThat(put.status()).as(put.head() + "\n" + put.body()).isEqualTo(201);
        assertThat(dav.get("x.txt").body()).as("stored as /x.txt").isEqualTo("double");

        RawHttp.Answer get = raw("GET", root + "//x.txt", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("double");
        RawHttp.Answer find = raw("PROPFIND", root + "//x.txt", null, "Depth: 0");
        assertThat(find.status()).isEqualTo(207);
        assertThat(find.body()).contains("x.txt");
        assertThat(raw("PROPFIND", root + "//", null, "Depth: 1").status()).isEqualTo(207);
    }

    @Test
    void aDoubleSlashInsideThePath() {
        assertThat(dav.mkcol("a").statusCode()).isEqualTo(201);
        RawHttp.Answer put = raw("PUT", root + "/a//b.txt", "inside");
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(dav.get("a/b.txt").body()).isEqualTo("inside");
        RawHttp.Answer get = raw("GET", root + "/a//b.txt", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("inside");
        assertThat(raw("PROPFIND", root + "/a//b.txt", null, "Depth: 0").status())
                .isEqualTo(207);
    }

    @Test
    void mkcolAfterADoubleSlash() {
        RawHttp.Answer mkcol = raw("MKCOL", root + "//made", null);
        assertThat(mkcol.status()).as(mkcol.body()).isEqualTo(201);
        assertThat(dav.propfind("made", "0", null).statusCode()).isEqualTo(207);
        assertThat(raw("MKCOL", root + "/made//deeper", null).status()).isEqualTo(201);
        assertThat(dav.propfind("made/deeper", "0", null).statusCode()).isEqualTo(207);
    }

    @Test
    void aDestinationWithADoubleSlash() {
        assertThat(dav.put("from.txt", "moving").statusCode()).isEqualTo(201);
        assertThat(dav.mkcol("to").statusCode()).isEqualTo(201);
        RawHttp.Answer move =
                raw("MOVE", root + "/from.txt", null, "Destination: " + s.baseUrl + root + "/to//moved.txt");
        assertThat(move.status()).as(move.body()).isEqualTo(201);
        assertThat(dav.get("to/moved.txt").body()).isEqualTo("moving");
        assertThat(dav.get("from.txt").statusCode()).isEqualTo(404);
        RawHttp.Answer copy = raw("COPY", root + "//to/moved.txt", null, "Destination: " + root + "//copied.txt");
        assertThat(copy.status()).as(copy.body()).isEqualTo(201);
        assertThat(dav.get("copied.txt").body()).isEqualTo("moving");
    }
}
