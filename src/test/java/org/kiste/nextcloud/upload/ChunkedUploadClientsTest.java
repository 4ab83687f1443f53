package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** Chunked uploads as each client family does them (nextcloud-protocol.md §5.3), end to end over HTTP. */
class ChunkedUploadClientsTest {
    private static final TestServer s = TestServer.get();
    private static UploadClient up;

    @BeforeAll
    static void user() {
        up = new UploadClient(s.dav(s.newUser("chunks")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void iosUnpaddedNamesAreAssembledInNumericOrder() {
        String id = "8F0C6C57-6A4B-4D0E-9C4E-2E2F3C0B1A7D";
        StringBuilder expected = new StringBuilder();
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.append("part ").append(i).append(';');
            order.add(i);
        }
        long total = expected.length();
        String dest = up.dav.url("ios.txt");
        assertThat(up.mkcol(id, "Destination", dest, "OC-Total-Length", Long.toString(total))
                        .statusCode())
                .isEqualTo(201);
        Collections.shuffle(order, new Random(3));
        for (int i : order) {
            HttpResponse<byte[]> r = up.put(
                    id,
                    Integer.toString(i),
                    bytes("part " + i + ";"),
                    "Destination",
                    dest,
                    "OC-Total-Length",
                    Long.toString(total));
            assertThat(r.statusCode()).isEqualTo(201);
        }
        HttpResponse<String> done =
                up.assemble(id, dest, "OC-Total-Length", Long.toString(total), "X-OC-Mtime", "1700000000.75");
        assertThat(done.statusCode()).isEqualTo(201);
        assertThat(done.headers().firstValue("X-OC-MTime")).hasValue("accepted");
        assertThat(up.dav.get("ios.txt").body()).isEqualTo(expected.toString());
        String lastModified =
                up.dav.props("ios.txt", "0", "getlastmodified").self().text("getlastmodified");
        assertThat(lastModified).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
        // the transfer is gone once assembled
        assertThat(up.propfind(up.transfer(id), "0", null).statusCode()).isEqualTo(404);
        assertThat(up.assemble(id, dest).statusCode()).isEqualTo(404);
    }

    @Test
    void desktopSixteenDigitNamesWithChecksumAndPathDestination() {
        String id = "2334819847";
        byte[] data = new byte[3_000_000];
        new Random(11).nextBytes(data);
        assertThat(up.mkcol(id, "OC-Total-Length", "3000000").statusCode()).isEqualTo(201);
        assertThat(up.put(id, "0000000000000000", Arrays.copyOfRange(data, 0, 1_000_000), "OC-Chunk-Offset", "0")
                        .statusCode())
                .isEqualTo(201);
        assertThat(up.put(
                                id,
                                "0000000000000001",
                                Arrays.copyOfRange(data, 1_000_000, 3_000_000),
                                "OC-Chunk-Offset",
                                "1000000")
                        .statusCode())
                .isEqualTo(201);
        assertThat(up.dav.mkcol("sub").statusCode()).isEqualTo(201);
        HttpResponse<String> done = up.assemble(
                id,
                up.filePath("sub/big.bin"),
                "Content-Type",
                "application/octet-stream",
                "OC-Checksum",
                "SHA1:" + UploadClient.sha1(data),
                "OC-Total-Length",
                "3000000",
                "X-OC-Mtime",
                "1795738813");
        assertThat(done.statusCode()).isEqualTo(201);
        String etag = done.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(done.headers().firstValue("OC-ETag")).hasValue(etag);
        assertThat(done.headers().firstValue("X-OC-MTime")).hasValue("accepted");
        assertThat(done.headers().firstValue("OC-FileId")).hasValue(up.ocId(s, "sub/big.bin"));
        assertThat(up.dav.props("sub/big.bin", "0", "getetag").self().text("getetag"))
                .isEqualTo(etag);
        assertThat(up.dav.get("sub/big.bin").headers().firstValue("OC-Checksum"))
                .hasValue("SHA1:" + UploadClient.sha1(data));
        assertThat(UploadClient.sha1(
                        up.dav.sendBytes("GET", up.dav.url("sub/big.bin"), null).body()))
                .isEqualTo(UploadClient.sha1(data));
    }

    @Test
    void rcloneOffsetNamesAreAssembledInNameOrder() {
        String id = "rclone-chunked-upload-0123456789abcdef0123456789abcdef";
        byte[] data = new byte[2_500_000];
        new Random(5).nextBytes(data);
        assertThat(up.dav.send("DELETE", up.transfer(id) + "/", null).statusCode())
                .isEqualTo(404);
        assertThat(up.dav.send("MKCOL", up.transfer(id) + "/", null).statusCode())
                .isEqualTo(201);
        int chunk = 1_048_576;
        List<int[]> ranges = new ArrayList<>();
        for (int off = 0; off < data.length; off += chunk) {
            ranges.add(new int[] {off, Math.min(data.length, off + chunk) - 1});
        }
        Collections.reverse(ranges); // arrival order must not matter
        for (int[] r : ranges) {
            String name = String.format("%015d-%015d", r[0], r[1]);
            assertThat(up.put(
                                    id,
                                    name,
                                    Arrays.copyOfRange(data, r[0], r[1] + 1),
                                    "Content-Type",
                                    "application/x-www-form-urlencoded")
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> done = up.assemble(
                id,
                up.dav.url("rclone.bin"),
                "X-OC-Mtime",
                "1700000000",
                "OC-Checksum",
                "SHA1:" + UploadClient.sha1(data));
        assertThat(done.statusCode()).isEqualTo(201);
        assertThat(up.dav.sendBytes("GET", up.dav.url("rclone.bin"), null).body())
                .isEqualTo(data);
    }

    @Test
    void destinationThroughTheWebdavAndShortForms() {
        for (String[] form :
                new String[][] {{"wd", "/remote.php/webdav/webdav-form.txt"}, {"short", "/dav/short-form.txt"}}) {
            String id = "forms-" + form[0];
            assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
            assertThat(up.put(id, "1", bytes("via " + form[0])).statusCode()).isEqualTo(201);
            assertThat(up.assemble(id, up.dav.baseUrl + form[1]).statusCode()).isEqualTo(201);
        }
        assertThat(up.dav.get("webdav-form.txt").body()).isEqualTo("via wd");
        assertThat(up.dav.get("short-form.txt").body()).isEqualTo("via short");
    }

    @Test
    void resumeReadsTheChunksBackWithPropfind() {
        String id = "resume-1";
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        up.put(id, "000001", bytes("aaaa"));
        up.put(id, "000002", bytes("bbbbbb"));
        HttpResponse<String> raw = up.propfind(up.transfer(id), "1", null);
        assertThat(raw.statusCode()).isEqualTo(207);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
        MultiStatus ms = MultiStatus.parse(raw);
        String base = "/remote.php/dav/uploads/" + up.dav.login + "/" + id;
        assertThat(ms.paths()).containsExactly(base + "/", base + "/000001", base + "/000002");
        MultiStatus.Response c = ms.at(base + "/000002");
        assertThat(c.text("getcontentlength")).isEqualTo("6");
        assertThat(c.text("getetag")).startsWith("\"");
        assertThat(c.text("getlastmodified")).endsWith("GMT");
        assertThat(c.prop(MultiStatus.clark("resourcetype"))
                        .orElseThrow()
                        .getChildNodes()
                        .getLength())
                .isZero();
        assertThat(ms.self()
                        .prop(MultiStatus.clark("resourcetype"))
                        .orElseThrow()
                        .getTextContent())
                .isEmpty();
        assertThat(ms.body).contains("<d:collection/>");

        // what the desktop asks: the 200 propstat comes first, an unknown property after it as 404
        MultiStatus asked = MultiStatus.parse(up.propfind(
                up.transfer(id),
                "1",
                MultiStatus.propBody("resourcetype", "getcontentlength", "{http://owncloud.org/ns}nosuch")));
        MultiStatus.Response chunk = asked.at(base + "/000001");
        assertThat(chunk.propstats().get(0).status()).isEqualTo(200);
        assertThat(chunk.text("getcontentlength")).isEqualTo("4");
        assertThat(chunk.statusOf("{http://owncloud.org/ns}nosuch")).isEqualTo(404);

        MultiStatus depth0 = MultiStatus.parse(up.propfind(up.transfer(id), "0", null));
        assertThat(depth0.paths()).containsExactly(base + "/");

        MultiStatus transfers = MultiStatus.parse(up.propfind(up.uploads() + "/", "1", null));
        assertThat(transfers.paths()).contains("/remote.php/dav/uploads/" + up.dav.login + "/", base + "/");

        // the resumed upload finishes with a replaced chunk and one more
        assertThat(up.put(id, "000002", bytes("BBBBBB")).statusCode()).isEqualTo(204);
        up.put(id, "000003", bytes("cc"));
        assertThat(up.assemble(id, up.dav.url("resumed.txt"), "OC-Total-Length", "12")
                        .statusCode())
                .isEqualTo(201);
        assertThat(up.dav.get("resumed.txt").body()).isEqualTo("aaaaBBBBBBcc");
    }

    @Test
    void deleteAbortsATransferOrRemovesOneChunk() {
        String id = "abort-me";
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        assertThat(up.mkcol(id).statusCode()).isEqualTo(405);
        up.put(id, "1", bytes("one"));
        up.put(id, "2", bytes("two"));
        assertThat(up.dav.send("DELETE", up.chunk(id, "2"), null).statusCode()).isEqualTo(204);
        assertThat(up.dav.send("DELETE", up.chunk(id, "2"), null).statusCode()).isEqualTo(404);
        assertThat(up.list(id).paths()).hasSize(2);
        assertThat(up.dav.send("DELETE", up.transfer(id), null).statusCode()).isEqualTo(204);
        assertThat(up.propfind(up.transfer(id), "1", null).statusCode()).isEqualTo(404);
        assertThat(up.assemble(id, up.dav.url("aborted.txt")).statusCode()).isEqualTo(404);
        assertThat(up.put(id, "3", bytes("late")).statusCode()).isEqualTo(409);
        assertThat(up.dav.get("aborted.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void chunksNeverAppearInTheFilesTree() {
        String id = "hidden";
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        up.put(id, "1", bytes("secret chunk"));
        String listing = up.dav.propfind("", "1", null).body();
        assertThat(listing).doesNotContain("hidden").doesNotContain("uploads");
    }

    @Test
    void fortyMegabytesAssembleToTheSameSha1() throws Exception {
        String id = "forty";
        byte[] data = new byte[40 << 20];
        new Random(40).nextBytes(data);
        assertThat(up.mkcol(id, "OC-Total-Length", Integer.toString(data.length))
                        .statusCode())
                .isEqualTo(201);
        int chunk = 10_000_000;
        int n = 0;
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int off = 0; off < data.length; off += chunk, n++) {
            byte[] part = Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk));
            sent.write(part);
            assertThat(up.put(id, String.format("%016d", n), part).statusCode()).isEqualTo(201);
        }
        String sha1 = UploadClient.sha1(data);
        HttpResponse<String> done = up.assemble(
                id,
                up.filePath("forty.bin"),
                "OC-Total-Length",
                Integer.toString(data.length),
                "OC-Checksum",
                "SHA1:" + sha1);
        assertThat(done.statusCode()).isEqualTo(201);
        byte[] got = up.dav.sendBytes("GET", up.dav.url("forty.bin"), null).body();
        assertThat(got.length).isEqualTo(data.length);
        assertThat(UploadClient.sha1(got)).isEqualTo(sha1);
    }
}
