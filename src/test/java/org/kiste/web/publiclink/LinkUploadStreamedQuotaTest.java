package org.kiste.web.publiclink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * Anonymous uploads through a link are bounded by the bytes they actually stream, not only by the length they
 * announce: a chunked body (no Content-Length) that outgrows the owner's free quota is refused with 507 and
 * leaves no file and nothing spooled, through the public WebDAV door (read-write and upload-only links) as
 * through the core's upload path that counts what it receives. The link page's form takes no chunked body at all:
 * it must announce its length, which the protocol then holds it to, and which is checked against the room before
 * the form is read.
 */
class LinkUploadStreamedQuotaTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    @Test
    void aChunkedPutOutgrowingTheOwnersRoomGets507AndLeavesNothing() throws Exception {
        String owner = ts.newUser("lsq");
        Dav dav = ts.dav(owner);
        assertThat(dav.mkcol("Q").statusCode()).isEqualTo(201);
        ts.users().setQuota(owner, 256 * 1024);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Share rw = links.create(owner, "/Q", Links.READ_WRITE, null);
        Share drop = links.create(owner, "/Q", Links.DROP, null);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            chunks.add(new byte[16 * 1024]); // 1 MiB in all, four times the room
        }
        for (Share link : List.of(rw, drop)) {
            RawHttp.Answer a = RawHttp.sendChunked(
                    ts.baseUrl, "PUT", "/public.php/dav/files/" + link.token() + "/big.bin", null, chunks);
            assertThat(a.status())
                    .as(link == rw ? "read-write link" : "upload-only link")
                    .isEqualTo(507);
        }
        // a body that announces a small length in X-Expected-Entity-Length but streams more is held to the room too
        RawHttp.Answer lying = RawHttp.sendChunked(
                ts.baseUrl,
                "PUT",
                "/public.php/dav/files/" + drop.token() + "/lying.bin",
                null,
                chunks,
                "X-Expected-Entity-Length: 1000");
        assertThat(lying.status()).isIn(400, 507);
        assertThat(MultiStatus.parse(dav.propfind("Q/", "1", null)).paths()).hasSize(1);

        // within the room, the same upload is stored
        RawHttp.Answer fits = RawHttp.sendChunked(
                ts.baseUrl, "PUT", "/public.php/dav/files/" + rw.token() + "/fits.bin", null, chunks.subList(0, 8));
        assertThat(fits.status()).isEqualTo(201);
        assertThat(dav.get("Q/fits.bin").body()).hasSize(8 * 16 * 1024);
    }

    @Test
    void theLinkPageTakesNoUploadWithoutAnAnnouncedLength() throws Exception {
        String owner = ts.newUser("lsp");
        Dav dav = ts.dav(owner);
        assertThat(dav.mkcol("Drop").statusCode()).isEqualTo(201);
        Share drop = links.create(owner, "/Drop", Links.DROP, null);
        RawHttp.Answer page = RawHttp.send(ts.baseUrl, "GET", "/s/" + drop.token(), null, null);
        Matcher cookie = Pattern.compile("(?i)set-cookie: ([^;\\r\\n]+)").matcher(page.head());
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        assertThat(cookie.find()).isTrue();
        assertThat(action.find()).isTrue();
        RawHttp.Answer a = RawHttp.sendChunked(
                ts.baseUrl,
                "POST",
                action.group(1).replace("&amp;", "&"),
                null,
                List.of(new byte[16 * 1024]),
                "Cookie: " + cookie.group(1),
                "Content-Type: multipart/form-data; boundary=b0undary");
        assertThat(a.status()).isEqualTo(411);
        assertThat(spooled()).isZero();
        assertThat(MultiStatus.parse(dav.propfind("Drop/", "1", null)).paths()).hasSize(1);
    }

    private long spooled() throws IOException {
        Path spool = ts.dataDir.resolve("tmp").resolve("link-uploads");
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }
}
