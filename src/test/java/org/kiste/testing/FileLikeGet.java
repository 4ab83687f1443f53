package org.kiste.testing;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.SoftAssertions;

/**
 * What a GET of any file-like resource answers, whichever door it is behind (files, uploads, trash bin): the
 * content with an ETag, HEAD, a byte range (RFC 9110 §14), If-None-Match and If-Match (RFC 9110 §13). Every part
 * is checked, so a failure names all that is missing.
 */
public final class FileLikeGet {
    private FileLikeGet() {}

    /** {@code content} must be at least 6 bytes long. */
    public static void assertServedLikeAFile(Dav dav, String url, byte[] content) {
        SoftAssertions soft = new SoftAssertions();
        HttpResponse<byte[]> full = dav.sendBytes("GET", url, null);
        soft.assertThat(full.statusCode()).as("GET").isEqualTo(200);
        soft.assertThat(full.body()).as("GET body").isEqualTo(content);
        String etag = full.headers().firstValue("ETag").orElse(null);
        soft.assertThat(etag).as("ETag of the GET").isNotNull();

        HttpResponse<String> head = dav.send("HEAD", url, null);
        soft.assertThat(head.statusCode()).as("HEAD").isEqualTo(200);
        soft.assertThat(head.headers().firstValue("Content-Length"))
                .as("HEAD Content-Length")
                .hasValue(Integer.toString(content.length));
        soft.assertThat(head.body()).as("HEAD body").isEmpty();

        HttpResponse<byte[]> range = dav.sendBytes("GET", url, null, "Range", "bytes=2-5");
        soft.assertThat(range.statusCode()).as("GET with Range").isEqualTo(206);
        soft.assertThat(range.headers().firstValue("Content-Range"))
                .as("Content-Range")
                .hasValue("bytes 2-5/" + content.length);
        soft.assertThat(new String(range.body(), StandardCharsets.ISO_8859_1))
                .as("the range")
                .isEqualTo(new String(Arrays.copyOfRange(content, 2, 6), StandardCharsets.ISO_8859_1));

        if (etag != null) {
            soft.assertThat(dav.send("GET", url, null, "If-None-Match", etag).statusCode())
                    .as("If-None-Match: the ETag")
                    .isEqualTo(304);
            soft.assertThat(dav.send("GET", url, null, "If-Match", etag).statusCode())
                    .as("If-Match: the ETag")
                    .isEqualTo(200);
        }
        soft.assertThat(dav.send("GET", url, null, "If-Match", "\"not-the-etag\"")
                        .statusCode())
                .as("If-Match: another tag")
                .isEqualTo(412);
        soft.assertAll();
    }
}
