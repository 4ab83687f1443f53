package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * RFC 9110 §13 preconditions: 304 for GET/HEAD, 412 for failing writes (PUT, DELETE, MOVE, COPY, PROPPATCH),
 * and a failed write leaves everything as it was.
 */
class ConditionalRequestsTest {
    private static final String PAST = "Sat, 01 Jan 2000 00:00:00 GMT";
    private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";
    private static final String MARK = "<x:mark xmlns:x=\"urn:cond\">set</x:mark>";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("cond"));
    }

    private static String etag(Dav dav, String path) {
        return dav.get(path).headers().firstValue("ETag").orElseThrow();
    }

    // ---- GET / HEAD ------------------------------------------------------------------------------------------

    @Test
    void ifNoneMatchOnGetAndHeadAnswers304() {
        Dav dav = me.in("inm");
        dav.put("f.txt", "body");
        String etag = etag(dav, "f.txt");
        for (String method : new String[] {"GET", "HEAD"}) {
            for (String inm : new String[] {etag, "*", "W/" + etag, "\"other\", " + etag, "\"a\",W/" + etag}) {
                HttpResponse<String> r = dav.send(method, dav.url("f.txt"), null, "If-None-Match", inm);
                assertThat(r.statusCode()).as(method + " If-None-Match: " + inm).isEqualTo(304);
                assertThat(r.body()).isEmpty();
                assertThat(r.headers().firstValue("ETag")).hasValue(etag);
            }
            HttpResponse<String> other = dav.send(method, dav.url("f.txt"), null, "If-None-Match", "\"other\"");
            assertThat(other.statusCode()).isEqualTo(200);
        }
        assertThat(dav.get("f.txt", "If-None-Match", "\"other\"").body()).isEqualTo("body");
    }

    @Test
    void ifModifiedSinceOnGetAndHeadAnswers304() {
        Dav dav = me.in("ims");
        dav.put("f.txt", "body");
        String lastModified =
                dav.get("f.txt").headers().firstValue("Last-Modified").orElseThrow();
        for (String method : new String[] {"GET", "HEAD"}) {
            assertThat(dav.send(method, dav.url("f.txt"), null, "If-Modified-Since", lastModified)
                            .statusCode())
                    .as(method)
                    .isEqualTo(304);
            assertThat(dav.send(method, dav.url("f.txt"), null, "If-Modified-Since", FUTURE)
                            .statusCode())
                    .isEqualTo(304);
            assertThat(dav.send(method, dav.url("f.txt"), null, "If-Modified-Since", PAST)
                            .statusCode())
                    .isEqualTo(200);
            // RFC 9110 §13.1.3: an invalid date is ignored
            assertThat(dav.send(method, dav.url("f.txt"), null, "If-Modified-Since", "yesterday")
                            .statusCode())
                    .isEqualTo(200);
        }
        // RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since
        assertThat(dav.get("f.txt", "If-None-Match", "\"other\"", "If-Modified-Since", FUTURE)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void conditionalGetOnFoldersUsesTheFolderEtag() {
        Dav dav = me.in("folder");
        dav.mkcol("d");
        String etag = dav.get("d").headers().firstValue("ETag").orElseThrow();
        assertThat(dav.get("d", "If-None-Match", etag).statusCode()).isEqualTo(304);
        dav.put("d/new.txt", "x");
        assertThat(dav.get("d", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void failingIfMatchOnGetIs412() {
        Dav dav = me.in("getim");
        dav.put("f.txt", "body");
        assertThat(dav.get("f.txt", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(dav.get("f.txt", "If-Match", etag(dav, "f.txt")).statusCode())
                .isEqualTo(200);
        assertThat(dav.get("f.txt", "If-Unmodified-Since", PAST).statusCode()).isEqualTo(412);
    }

    // ---- PUT ---------------------------------------------------------------------------------------------------

    @Test
    void putPreconditions() {
        Dav dav = me.in("put");
        dav.put("f.txt", "original");
        String etag = etag(dav, "f.txt");

        String[][] failing = {
            {"If-Match", "\"other\""},
            {"If-Match", "W/" + etag},
            {"If-None-Match", "*"},
            {"If-None-Match", etag},
            {"If-Unmodified-Since", PAST}
        };
        for (String[] h : failing) {
            HttpResponse<String> r = dav.put("f.txt", "changed", h[0], h[1]);
            assertThat(r.statusCode()).as(h[0] + ": " + h[1]).isEqualTo(412);
            assertThat(dav.get("f.txt").body()).as(h[0] + ": " + h[1]).isEqualTo("original");
            assertThat(etag(dav, "f.txt")).isEqualTo(etag);
        }
        // a missing file fails If-Match, even "*"
        assertThat(dav.put("new.txt", "x", "If-Match", "*").statusCode()).isEqualTo(412);
        assertThat(dav.put("new.txt", "x", "If-Match", etag).statusCode()).isEqualTo(412);
        assertThat(dav.get("new.txt").statusCode()).isEqualTo(404);

        // and the ones that hold
        assertThat(dav.put("f.txt", "second", "If-Match", etag).statusCode()).isEqualTo(204);
        assertThat(dav.get("f.txt").body()).isEqualTo("second");
        assertThat(dav.put("f.txt", "third", "If-Match", "*").statusCode()).isEqualTo(204);
        assertThat(dav.put("f.txt", "fourth", "If-Match", "\"x\", " + etag(dav, "f.txt"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.put("f.txt", "fifth", "If-Unmodified-Since", FUTURE).statusCode())
                .isEqualTo(204);
        assertThat(dav.put("created.txt", "x", "If-None-Match", "*").statusCode())
                .isEqualTo(201);
        assertThat(dav.get("f.txt").body()).isEqualTo("fifth");
    }

    @Test
    void aStaleEtagCannotOverwriteANewerVersion() {
        Dav dav = me.in("lost-update");
        dav.put("f.txt", "v1");
        String v1 = etag(dav, "f.txt");
        assertThat(dav.put("f.txt", "v2 by A", "If-Match", v1).statusCode()).isEqualTo(204);
        assertThat(dav.put("f.txt", "v2 by B", "If-Match", v1).statusCode()).isEqualTo(412);
        assertThat(dav.get("f.txt").body()).isEqualTo("v2 by A");
    }

    // ---- DELETE ------------------------------------------------------------------------------------------------

    @Test
    void deletePreconditions() {
        Dav dav = me.in("delete");
        dav.put("f.txt", "keep");
        String etag = etag(dav, "f.txt");
        for (String[] h : new String[][] {
            {"If-Match", "\"other\""}, {"If-None-Match", "*"}, {"If-None-Match", etag}, {"If-Unmodified-Since", PAST}
        }) {
            assertThat(dav.delete("f.txt", h[0], h[1]).statusCode())
                    .as(h[0] + ": " + h[1])
                    .isEqualTo(412);
            assertThat(dav.get("f.txt").body()).isEqualTo("keep");
        }
        assertThat(dav.delete("f.txt", "If-Match", etag).statusCode()).isEqualTo(204);
        assertThat(dav.get("f.txt").statusCode()).isEqualTo(404);

        dav.mkcol("d");
        dav.put("d/inner.txt", "x");
        String folderEtag = dav.get("d").headers().firstValue("ETag").orElseThrow();
        assertThat(dav.delete("d", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(dav.get("d/inner.txt").statusCode()).isEqualTo(200);
        assertThat(dav.delete("d", "If-Match", folderEtag).statusCode()).isEqualTo(204);
    }

    // ---- MOVE / COPY -------------------------------------------------------------------------------------------

    @Test
    void movePreconditionsApplyToTheSource() {
        Dav dav = me.in("move");
        dav.put("f.txt", "payload");
        String etag = etag(dav, "f.txt");
        for (String[] h : new String[][] {
            {"If-Match", "\"other\""}, {"If-None-Match", "*"}, {"If-None-Match", etag}, {"If-Unmodified-Since", PAST}
        }) {
            assertThat(dav.move("f.txt", "g.txt", h[0], h[1]).statusCode())
                    .as(h[0] + ": " + h[1])
                    .isEqualTo(412);
            assertThat(dav.get("f.txt").body()).isEqualTo("payload");
            assertThat(dav.get("g.txt").statusCode()).isEqualTo(404);
        }
        // with an existing destination: still nothing replaced
        dav.put("existing.txt", "untouched");
        assertThat(dav.move("f.txt", "existing.txt", "If-Match", "\"other\"").statusCode())
                .isEqualTo(412);
        assertThat(dav.get("existing.txt").body()).isEqualTo("untouched");

        assertThat(dav.move("f.txt", "g.txt", "If-Match", etag).statusCode()).isEqualTo(201);
        assertThat(dav.get("g.txt").body()).isEqualTo("payload");
    }

    @Test
    void copyPreconditionsApplyToTheSource() {
        Dav dav = me.in("copy");
        dav.put("f.txt", "payload");
        String etag = etag(dav, "f.txt");
        for (String[] h : new String[][] {
            {"If-Match", "\"other\""}, {"If-None-Match", "*"}, {"If-None-Match", etag}, {"If-Unmodified-Since", PAST}
        }) {
            assertThat(dav.copy("f.txt", "g.txt", h[0], h[1]).statusCode())
                    .as(h[0] + ": " + h[1])
                    .isEqualTo(412);
            assertThat(dav.get("g.txt").statusCode()).isEqualTo(404);
        }
        dav.put("existing.txt", "untouched");
        assertThat(dav.copy("f.txt", "existing.txt", "If-Match", "\"other\"").statusCode())
                .isEqualTo(412);
        assertThat(dav.get("existing.txt").body()).isEqualTo("untouched");

        assertThat(dav.copy("f.txt", "g.txt", "If-Match", etag).statusCode()).isEqualTo(201);
        assertThat(dav.get("g.txt").body()).isEqualTo("payload");
    }

    // ---- PROPPATCH ---------------------------------------------------------------------------------------------

    @Test
    void proppatchPreconditions() {
        Dav dav = me.in("proppatch");
        dav.put("f.txt", "x");
        String etag = etag(dav, "f.txt");
        for (String[] h : new String[][] {
            {"If-Match", "\"other\""}, {"If-None-Match", "*"}, {"If-None-Match", etag}, {"If-Unmodified-Since", PAST}
        }) {
            HttpResponse<String> r = dav.proppatch("f.txt", PropPatchTest.set(MARK), h[0], h[1]);
            assertThat(r.statusCode()).as(h[0] + ": " + h[1]).isEqualTo(412);
            assertThat(dav.props("f.txt", "0", "{urn:cond}mark").self().statusOf("{urn:cond}mark"))
                    .isEqualTo(404);
        }
        // nor does a failed PROPPATCH move the modification time
        String lm = dav.get("f.txt").headers().firstValue("Last-Modified").orElseThrow();
        assertThat(dav.proppatch(
                                "f.txt",
                                PropPatchTest.set("<d:getlastmodified>" + PAST + "</d:getlastmodified>"),
                                "If-Match",
                                "\"other\"")
                        .statusCode())
                .isEqualTo(412);
        assertThat(dav.get("f.txt").headers().firstValue("Last-Modified")).hasValue(lm);

        assertThat(dav.proppatch("f.txt", PropPatchTest.set(MARK), "If-Match", etag)
                        .statusCode())
                .isEqualTo(207);
        assertThat(dav.props("f.txt", "0", "{urn:cond}mark").self().text("{urn:cond}mark"))
                .isEqualTo("set");
    }
}
