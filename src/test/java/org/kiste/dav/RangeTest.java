package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** Byte ranges on GET (RFC 9110 §14): one range at a time, suffix and open ranges, 416, If-Range. */
class RangeTest {
    private static final String BODY = "0123456789abcdefghij"; // 20 bytes
    private static Dav dav;
    private static String etag;
    private static String lastModified;

    @BeforeAll
    static void file() {
        TestServer s = TestServer.get();
        dav = s.dav(s.newUser("range")).in("r");
        HttpResponse<String> put = dav.put("f.bin", BODY);
        assertThat(put.statusCode()).isEqualTo(201);
        dav.put("empty.bin", "");
        HttpResponse<String> get = dav.get("f.bin");
        etag = get.headers().firstValue("ETag").orElseThrow();
        lastModified = get.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    }

    @Test
    void singleRange() {
        HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=2-5");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("2345");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-5/20");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(4);
        assertThat(r.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void rangeEndBeyondTheEndIsClipped() {
        HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=15-100");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("fghij");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 15-19/20");
    }

    @Test
    void openRange() {
        HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=17-");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("hij");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 17-19/20");
    }

    @Test
    void suffixRange() {
        HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=-3");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("hij");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 17-19/20");
        // a suffix longer than the file is the whole file
        HttpResponse<String> all = dav.get("f.bin", "Range", "bytes=-50");
        assertThat(all.statusCode()).isEqualTo(206);
        assertThat(all.body()).isEqualTo(BODY);
        assertThat(all.headers().firstValue("Content-Range")).hasValue("bytes 0-19/20");
    }

    @Test
    void unsatisfiableRangeIs416WithTheLength() {
        for (String range : new String[] {"bytes=20-", "bytes=100-200", "bytes=-0"}) {
            HttpResponse<String> r = dav.get("f.bin", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(416);
            assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes */20");
        }
        HttpResponse<String> empty = dav.get("empty.bin", "Range", "bytes=0-");
        assertThat(empty.statusCode()).isEqualTo(416);
        assertThat(empty.headers().firstValue("Content-Range")).hasValue("bytes */0");
    }

    @Test
    void severalRangesGetTheWholeBody() {
        HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=0-1,4-5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(BODY);
        assertThat(r.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void unusableRangeHeadersAreIgnored() {
        for (String range : new String[] {"items=0-3", "bytes=5-2", "bytes=abc", "bytes="}) {
            HttpResponse<String> r = dav.get("f.bin", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).as(range).isEqualTo(BODY);
        }
    }

    @Test
    void ifRangeWithTheCurrentEtagOrDateServesTheRange() {
        HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=0-2", "If-Range", etag);
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("012");
        HttpResponse<String> byDate = dav.get("f.bin", "Range", "bytes=0-2", "If-Range", lastModified);
        assertThat(byDate.statusCode()).isEqualTo(206);
        assertThat(byDate.body()).isEqualTo("012");
    }

    @Test
    void ifRangeThatNoLongerMatchesServesTheWholeBody() {
        for (String ifRange : new String[] {"\"stale-etag\"", "W/" + etag, "Thu, 01 Jan 2004 00:00:00 GMT"}) {
            HttpResponse<String> r = dav.get("f.bin", "Range", "bytes=0-2", "If-Range", ifRange);
            assertThat(r.statusCode()).as(ifRange).isEqualTo(200);
            assertThat(r.body()).as(ifRange).isEqualTo(BODY);
        }
    }
}
