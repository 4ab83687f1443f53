package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A chunk PUT honours the conditional headers like a PUT of a file (RFC 9110 §13): {@code If-None-Match: *} only
 * creates, {@code If-Match} only replaces the chunk whose current ETag it names, and {@code If-Match: *} needs the
 * chunk to exist. A failed condition is 412 and leaves the chunk as it was, so a client resuming an upload cannot
 * silently overwrite a chunk that another attempt already stored or changed.
 */
class ChunkPutConditionsTest {
    private static final TestServer s = TestServer.get();
    private static UploadClient up;

    @BeforeAll
    static void user() {
        up = new UploadClient(s.dav(s.newUser("chunkcond")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A new transfer holding chunk {@code 00001} with {@code content}; returns the ETag its PUT answered. */
    private static String transferWithChunk(String id, String content) {
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> r = up.put(id, "00001", bytes(content));
        assertThat(r.statusCode()).as("first PUT of the chunk").isEqualTo(201);
        return r.headers()
                .firstValue("ETag")
                .orElseThrow(() -> new AssertionError("no ETag on the chunk PUT: " + r.headers()));
    }

    private static void assertChunk(String id, String content) {
        HttpResponse<byte[]> got = up.dav.sendBytes("GET", up.chunk(id, "00001"), null);
        assertThat(got.statusCode()).as("GET of the chunk").isEqualTo(200);
        assertThat(new String(got.body(), StandardCharsets.UTF_8))
                .as("the chunk's bytes")
                .isEqualTo(content);
    }

    @Test
    void ifNoneMatchStarOnAnExistingChunkIs412AndKeepsItsBytes() {
        transferWithChunk("inm-existing", "original");
        HttpResponse<byte[]> r = up.put("inm-existing", "00001", bytes("replaced"), "If-None-Match", "*");
        assertThat(r.statusCode()).as("If-None-Match: * on an existing chunk").isEqualTo(412);
        assertChunk("inm-existing", "original");
    }

    @Test
    void ifMatchWithAnotherEtagIs412AndKeepsItsBytes() {
        String etag = transferWithChunk("im-wrong", "original");
        assertThat(etag).isNotEqualTo("\"not-the-etag\"");
        HttpResponse<byte[]> r = up.put("im-wrong", "00001", bytes("replaced"), "If-Match", "\"not-the-etag\"");
        assertThat(r.statusCode()).as("If-Match: another ETag").isEqualTo(412);
        assertChunk("im-wrong", "original");
    }

    @Test
    void ifMatchWithTheCurrentEtagReplacesTheChunk() {
        String etag = transferWithChunk("im-current", "original");
        HttpResponse<byte[]> r = up.put("im-current", "00001", bytes("second"), "If-Match", etag);
        assertThat(r.statusCode()).as("If-Match: the ETag of the PUT").isIn(200, 204);
        assertChunk("im-current", "second");

        // the ETag a PROPFIND reports names the chunk as well
        String listed = MultiStatus.parse(
                        up.propfind(up.chunk("im-current", "00001"), "0", MultiStatus.propBody("getetag")))
                .self()
                .text("getetag");
        assertThat(listed).isNotNull();
        r = up.put("im-current", "00001", bytes("third"), "If-Match", listed);
        assertThat(r.statusCode()).as("If-Match: the ETag of the PROPFIND").isIn(200, 204);
        assertChunk("im-current", "third");
    }

    @Test
    void ifMatchStarOnAMissingChunkIs412AndStoresNothing() {
        assertThat(up.mkcol("im-star").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> r = up.put("im-star", "00001", bytes("unwanted"), "If-Match", "*");
        assertThat(r.statusCode()).as("If-Match: * on a missing chunk").isEqualTo(412);
        assertThat(up.dav.sendBytes("GET", up.chunk("im-star", "00001"), null).statusCode())
                .as("GET of the chunk")
                .isEqualTo(404);
        assertThat(up.list("im-star").responses).as("the transfer alone").hasSize(1);
    }

    @Test
    void ifNoneMatchStarOnANewChunkCreatesIt() {
        assertThat(up.mkcol("inm-new").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> r = up.put("inm-new", "00001", bytes("fresh"), "If-None-Match", "*");
        assertThat(r.statusCode()).as("If-None-Match: * on a new chunk").isEqualTo(201);
        assertChunk("inm-new", "fresh");
    }
}
