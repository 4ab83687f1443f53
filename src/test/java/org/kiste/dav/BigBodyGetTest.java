package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Bodies big enough to be sent from mapped pages or the container's direct buffers: the same bytes, ranges and headers as small
 * ones, and the SHA-1 of an upload hashed in a second thread is the SHA-1 of its bytes.
 */
class BigBodyGetTest {
    private static final byte[] BODY = new byte[3 * 1024 * 1024 + 12_345];
    private static Dav dav;

    @BeforeAll
    static void file() throws Exception {
        new Random(11).nextBytes(BODY);
        TestServer s = TestServer.get();
        dav = s.dav(s.newUser("bigget")).in("b");
        HttpResponse<byte[]> put = dav.sendBytes("PUT", dav.url("big.bin"), BODY);
        assertThat(put.statusCode()).isEqualTo(201);
    }

    @Test
    void wholeBodyWithItsHeaders() throws Exception {
        HttpResponse<byte[]> r = dav.sendBytes("GET", dav.url("big.bin"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(BODY);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(BODY.length);
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(BODY));
        assertThat(r.headers().firstValue("OC-Checksum")).hasValue("SHA1:" + sha1);
    }

    @Test
    void rangesOfEverySize() {
        for (long[] range :
                new long[][] {{0, 0}, {5, 70_004}, {100_000, 1_300_000}, {BODY.length - 9, BODY.length - 1}}) {
            HttpResponse<byte[]> r =
                    dav.sendBytes("GET", dav.url("big.bin"), null, "Range", "bytes=" + range[0] + "-" + range[1]);
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(BODY, (int) range[0], (int) range[1] + 1));
            assertThat(r.headers().firstValue("Content-Range"))
                    .hasValue("bytes " + range[0] + "-" + range[1] + "/" + BODY.length);
        }
        HttpResponse<byte[]> tail = dav.sendBytes("GET", dav.url("big.bin"), null, "Range", "bytes=-2000000");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(BODY, BODY.length - 2_000_000, BODY.length));
    }

    @Test
    void aBodyOfMoreThanOneMappedWindow() throws Exception {
        byte[] body = new byte[64 * 1024 * 1024 + 70_001];
        new Random(12).nextBytes(body);
        assertThat(dav.sendBytes("PUT", dav.url("bigger.bin"), body).statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> r = dav.sendBytes("GET", dav.url("bigger.bin"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().length).isEqualTo(body.length);
        assertThat(MessageDigest.getInstance("SHA-256").digest(r.body()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
        long first = 64L * 1024 * 1024 - 1000;
        long last = first + 5000;
        HttpResponse<byte[]> range =
                dav.sendBytes("GET", dav.url("bigger.bin"), null, "Range", "bytes=" + first + "-" + last);
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(body, (int) first, (int) last + 1));
    }

    @Test
    void conditionalGetStillAnswers304() {
        String etag = dav.etag("big.bin");
        HttpResponse<byte[]> r = dav.sendBytes("GET", dav.url("big.bin"), null, "If-None-Match", "\"" + etag + "\"");
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
    }
}
