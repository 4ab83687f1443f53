package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * {@code [ ] { } ^ |} sent raw in a path, as the ownCloud client and KDE's KIO send them, name the same resource as
 * their percent-encoded forms (Apache and nginx in front of Nextcloud accept them): PUT, GET, PROPFIND and MOVE, in
 * the request target and in the Destination.
 */
class RawReservedCharactersTest {
    private static final TestServer s = TestServer.get();
    private static Dav dav;
    private static String root;

    @BeforeAll
    static void user() {
        dav = s.dav(s.newUser("raw"));
        root = "/remote.php/dav/files/" + dav.login + "/";
    }

    private static RawHttp.Answer raw(String method, String target, String body, String... headers) {
        return RawHttp.send(s.baseUrl, method, target, dav.authorization(), body, headers);
    }

    @Test
    void photoWithBrackets() {
        // a space cannot go raw into a request line; the client encodes it and leaves the brackets
        RawHttp.Answer put = raw("PUT", root + "photo%20[1].jpg", "jpeg bytes");
        assertThat(put.status()).as(put.head() + "\n" + put.body()).isEqualTo(201);
        assertThat(dav.get(Dav.enc("photo [1].jpg")).body()).isEqualTo("jpeg bytes");
        RawHttp.Answer get = raw("GET", root + "photo%20[1].jpg", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("jpeg bytes");
        RawHttp.Answer find = raw("PROPFIND", root + "photo%20[1].jpg", null, "Depth: 0");
        assertThat(find.status()).isEqualTo(207);
        assertThat(MultiStatus.parse(207, null, find.body()).self().path()).isEqualTo(root + "photo [1].jpg");
    }

    @Test
    void everyCharacterRawAndEncodedNamesTheSameFile() {
        // sent as written: none of these is percent-encoded on the wire
        String name = "a{b}^c|d[e].txt";
        RawHttp.Answer put = raw("PUT", root + name, "one");
        assertThat(put.status()).as(put.head() + "\n" + put.body()).isEqualTo(201);
        // the encoded form reaches what the raw form stored, and the other way round
        assertThat(dav.get(Dav.enc(name)).body()).isEqualTo("one");
        assertThat(dav.put(Dav.enc(name), "two").statusCode()).isEqualTo(204);
        RawHttp.Answer get = raw("GET", root + name, null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("two");
        RawHttp.Answer find = raw("PROPFIND", root + name, null, "Depth: 0");
        assertThat(find.status()).isEqualTo(207);
        assertThat(MultiStatus.parse(207, null, find.body()).self().path()).isEqualTo(root + name);
        assertThat(MultiStatus.parse(dav.propfind("", "1", null)).paths()).contains(root + name);
    }

    @Test
    void moveWithRawSourceAndDestination() {
        assertThat(dav.mkcol(Dav.enc("dir [x]")).statusCode()).isEqualTo(201);
        RawHttp.Answer put = raw("PUT", root + "dir%20[x]/from{1}.txt", "moving");
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        RawHttp.Answer move = raw(
                "MOVE",
                root + "dir%20[x]/from{1}.txt",
                null,
                "Destination: " + s.baseUrl + root + "dir%20[x]/to^|[2].txt");
        assertThat(move.status()).as(move.body()).isEqualTo(201);
        assertThat(dav.get(Dav.encPath("dir [x]/to^|[2].txt")).body()).isEqualTo("moving");
        assertThat(dav.get(Dav.encPath("dir [x]/from{1}.txt")).statusCode()).isEqualTo(404);
        // a raw source moved to an encoded destination, and back
        RawHttp.Answer back = raw(
                "MOVE",
                root + "dir%20[x]/to^|[2].txt",
                null,
                "Destination: " + dav.url(Dav.encPath("dir [x]/from{1}.txt")));
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        assertThat(raw("GET", root + "dir%20[x]/from{1}.txt", null).body()).isEqualTo("moving");
    }
}
