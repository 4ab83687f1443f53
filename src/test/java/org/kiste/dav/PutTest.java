package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** PUT: create (201) and replace (204), binary and chunked bodies, 409 without a parent, 400 for Content-Range. */
class PutTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("put"));
    }

    @Test
    void createThenReplace() {
        Dav dav = me.in("basic");
        HttpResponse<String> created = dav.put("f.txt", "one");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("OC-FileId")).isPresent();
        assertThat(dav.put("f.txt", "two").statusCode()).isEqualTo(204);
        assertThat(dav.get("f.txt").body()).isEqualTo("two");
        assertThat(dav.put("empty.txt", "").statusCode()).isEqualTo(201);
        HttpResponse<String> empty = dav.get("empty.txt");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        MultiStatus.Response r = dav.props("empty.txt", "0", "getcontentlength").self();
        assertThat(r.text("getcontentlength")).isEqualTo("0");
    }

    @Test
    void binaryBodiesRoundTripByteForByte() {
        Dav dav = me.in("binary");
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        assertThat(dav.sendBytes("PUT", dav.url("blob.bin"), data).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> got = dav.sendBytes("GET", dav.url("blob.bin"), null);
        assertThat(Arrays.equals(got.body(), data)).isTrue();
        assertThat(dav.props("blob.bin", "0", "getcontentlength").self().text("getcontentlength"))
                .isEqualTo("300000");
    }

    @Test
    void chunkedBodiesAreStoredWhole() throws Exception {
        Dav dav = me.in("chunked");
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        HttpRequest req = dav.request("PUT", dav.url("chunked.bin"), null)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
                .build();
        HttpResponse<String> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(Arrays.equals(
                        dav.sendBytes("GET", dav.url("chunked.bin"), null).body(), data))
                .isTrue();
    }

    @Test
    void putIntoAMissingParentIs409() {
        Dav dav = me.in("noparent");
        assertThat(dav.put("missing/f.txt", "x").statusCode()).isEqualTo(409);
        assertThat(dav.put("missing/deeper/f.txt", "x").statusCode()).isEqualTo(409);
        dav.put("file.txt", "x");
        assertThat(dav.put("file.txt/child.txt", "x").statusCode())
                .as("a file as parent")
                .isEqualTo(409);
        assertThat(dav.propfind("missing", "0", null).statusCode()).isEqualTo(404);
    }

    @Test
    void putWithContentRangeIs400AndStoresNothing() {
        Dav dav = me.in("crange");
        assertThat(dav.put("new.txt", "abc", "Content-Range", "bytes 0-2/3").statusCode())
                .isEqualTo(400);
        assertThat(dav.get("new.txt").statusCode()).isEqualTo(404);
        dav.put("old.txt", "original");
        assertThat(dav.put("old.txt", "xyz", "Content-Range", "bytes 3-5/8").statusCode())
                .isEqualTo(400);
        assertThat(dav.get("old.txt").body()).isEqualTo("original");
    }

    @Test
    void putOnAFolderIsRefused() {
        Dav dav = me.in("onfolder");
        dav.mkcol("d");
        dav.put("d/in.txt", "x");
        int st = dav.put("d", "not a folder").statusCode();
        assertThat(st).isIn(405, 409);
        assertThat(dav.get("d/in.txt").body()).isEqualTo("x");
        assertThat(dav.put("", "root").statusCode()).isIn(405, 409);
    }

    @Test
    void contentTypeFollowsTheName() {
        Dav dav = me.in("types");
        dav.put("page.html", "<p>");
        dav.put("notes.md", "# x");
        assertThat(dav.get("page.html").headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/html");
        assertThat(dav.props("notes.md", "0", "getcontenttype").self().text("getcontenttype"))
                .isEqualTo("text/markdown");
    }

    @Test
    void ocMtimeSetsTheModificationTime() {
        Dav dav = me.in("mtime");
        HttpResponse<String> r = dav.put("f.txt", "x", "X-OC-Mtime", "978307200");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-OC-MTime")).hasValue("accepted");
        assertThat(dav.props("f.txt", "0", "getlastmodified").self().text("getlastmodified"))
                .isEqualTo("Mon, 01 Jan 2001 00:00:00 GMT");
    }
}
