package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.TestServer;

/**
 * The WebDAV If header on real requests (RFC 4918 §10.4): tagged and untagged lists, {@code Not}, entity tags,
 * {@code DAV:no-lock}; when no list holds the answer is 412 and nothing changes; a malformed header is 400.
 */
class IfHeaderRequestsTest {
    private static final String NOBODY = "opaquelocktoken:00000000-0000-0000-0000-000000000000";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("ifh"));
    }

    @Test
    void taggedListsNameTheirResourceByAbsoluteUrlOrPath() {
        Dav dav = me.in("tagged");
        dav.put("x", "original");
        String token = DavLocks.take(dav, "x", "0");
        String absolute = dav.url("x");
        assertThat(absolute).startsWith("http://127.0.0.1:");
        assertThat(dav.put("x", "one", "If", "<" + absolute + "> (<" + token + ">)")
                        .statusCode())
                .isEqualTo(204);
        String pathOnly = dav.home() + "x";
        assertThat(dav.put("x", "two", "If", "<" + pathOnly + "> (<" + token + ">)")
                        .statusCode())
                .isEqualTo(204);
        // a tagged list for a resource whose state does not match fails like any list
        assertThat(dav.put("x", "three", "If", "<" + absolute + "> (<" + NOBODY + ">)")
                        .statusCode())
                .isEqualTo(412);
        // several tagged lists: any one that holds is enough
        assertThat(dav.put(
                                "x",
                                "four",
                                "If",
                                "<" + dav.url("nothing-here") + "> (<" + NOBODY + ">) <" + absolute + "> (<" + token
                                        + ">)")
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.get("x").body()).isEqualTo("four");
    }

    @Test
    void notInvertsAConditionAndNoLockMatchesNothing() {
        Dav dav = me.in("not");
        dav.put("f.txt", "original");
        assertThat(dav.put("f.txt", "a", "If", "(Not <" + NOBODY + ">)").statusCode())
                .isEqualTo(204);
        assertThat(dav.put("f.txt", "b", "If", "(Not <DAV:no-lock>)").statusCode())
                .isEqualTo(204);
        // RFC 4918 §10.4.8: DAV:no-lock never matches, so a list holding only it fails
        assertThat(dav.put("f.txt", "c", "If", "(<DAV:no-lock>)").statusCode()).isEqualTo(412);
        assertThat(dav.delete("f.txt", "If", "(<DAV:no-lock>)").statusCode()).isEqualTo(412);
        assertThat(dav.get("f.txt").body()).isEqualTo("b");

        String token = DavLocks.take(dav, "f.txt", "0");
        assertThat(dav.put("f.txt", "c", "If", "(Not <" + token + ">)").statusCode())
                .isEqualTo(412);
        // the second list holds, and the token is still submitted by the first
        assertThat(dav.put("f.txt", "d", "If", "(<DAV:no-lock>) (<" + token + ">)")
                        .statusCode())
                .isEqualTo(204);
        // litmus "cond_put_corrupt_token": a list that holds without the lock's token is still 423
        HttpResponse<String> r = dav.put("f.txt", "e", "If", "(<" + NOBODY + ">) (Not <DAV:no-lock>)");
        DavLocks.assertLockTokenSubmitted(r, Dav.decode(dav.home()) + "f.txt");
        assertThat(dav.get("f.txt").body()).isEqualTo("d");
    }

    @Test
    void entityTagsAreComparedWithTheCurrentEtag() {
        Dav dav = me.in("etags");
        dav.put("f.txt", "original");
        String etag = "\"" + dav.etag("f.txt") + "\"";
        assertThat(dav.put("f.txt", "x", "If", "([\"not-the-etag\"])").statusCode())
                .isEqualTo(412);
        assertThat(dav.put("f.txt", "x", "If", "(Not [" + etag + "])").statusCode())
                .isEqualTo(412);
        assertThat(dav.proppatch(
                                "f.txt",
                                "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop>"
                                        + "<x:a xmlns:x=\"urn:if\">1</x:a></d:prop></d:set></d:propertyupdate>",
                                "If",
                                "([\"stale\"])")
                        .statusCode())
                .isEqualTo(412);
        assertThat(dav.get("f.txt").body()).isEqualTo("original");
        assertThat(dav.put("f.txt", "one", "If", "([" + etag + "])").statusCode())
                .isEqualTo(204);
        // the old etag no longer matches
        assertThat(dav.put("f.txt", "two", "If", "([" + etag + "])").statusCode())
                .isEqualTo(412);
        assertThat(dav.put("f.txt", "two", "If", "(Not [" + etag + "])").statusCode())
                .isEqualTo(204);

        // token and etag in one list: both must hold
        String now = "\"" + dav.etag("f.txt") + "\"";
        String token = DavLocks.take(dav, "f.txt", "0");
        assertThat(dav.put("f.txt", "three", "If", "(<" + token + "> [\"stale\"])")
                        .statusCode())
                .isEqualTo(412);
        assertThat(dav.put("f.txt", "three", "If", "(<" + token + "> [" + now + "])")
                        .statusCode())
                .isEqualTo(204);
        // an etag tagged with another resource is compared with that resource's etag
        dav.put("g.txt", "g");
        String g = "\"" + dav.etag("g.txt") + "\"";
        assertThat(dav.delete(
                                "f.txt",
                                "If",
                                "<" + dav.url("g.txt") + "> ([" + g + "]) <" + dav.url("f.txt") + "> (<" + token + ">)")
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.put("g.txt", "x", "If", "<" + dav.url("g.txt") + "> ([\"stale\"])")
                        .statusCode())
                .isEqualTo(412);
        assertThat(dav.get("g.txt").body()).isEqualTo("g");
    }

    @Test
    void aMalformedIfHeaderIs400() {
        Dav dav = me.in("malformed");
        dav.put("f.txt", "original");
        String[] bad = {
            "<opaquelocktoken:x>",
            "(<opaquelocktoken:x",
            "()",
            "garbage",
            "(<a>) <http://h/x> (<b>)",
            "<http://h/x>",
            "([\"unterminated)",
            "(Not)"
        };
        for (String h : bad) {
            assertThat(dav.put("f.txt", "x", "If", h).statusCode())
                    .as("PUT If: " + h)
                    .isEqualTo(400);
            assertThat(dav.delete("f.txt", "If", h).statusCode())
                    .as("DELETE If: " + h)
                    .isEqualTo(400);
            assertThat(dav.send("LOCK", dav.url("f.txt"), DavLocks.lockinfo(true, null), "If", h)
                            .statusCode())
                    .as("LOCK If: " + h)
                    .isEqualTo(400);
            assertThat(dav.send("MKCOL", dav.url("d"), null, "If", h).statusCode())
                    .as("MKCOL If: " + h)
                    .isEqualTo(400);
        }
        assertThat(dav.get("f.txt").body()).isEqualTo("original");
        assertThat(DavLocks.discovered(dav, "f.txt")).isEmpty();
        assertThat(dav.propfind("d", "0", null).statusCode()).isEqualTo(404);
    }
}
