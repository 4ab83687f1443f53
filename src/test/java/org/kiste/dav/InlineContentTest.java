package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kiste.integrity.TreeInvariants;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.store.TrashPurge;
import org.kiste.testing.Collector;
import org.kiste.testing.Dav;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * Files of at most {@code blob.inline-max} bytes (16 KiB by default) uploaded with an announced length keep their
 * bytes in their blob row: no file under the blob directory, and read back (whole and in ranges) byte for byte like
 * a file. Overwrites switch between the two forms, identical content is one row, a cut or mismatching upload leaves
 * no row, and the collector reclaims a row nothing names.
 */
class InlineContentTest {
    private static final int MAX = 16 * 1024;
    private final TestServer ts = TestServer.get();

    private record Row(String key, int state, long size, Long contentLength) {}

    @Test
    void theLimitIsInItsRowAndOneByteMoreIsAFileBothReadBackWholeAndInRanges() {
        String user = ts.newUser("inl");
        Dav d = ts.dav(user);
        byte[] small = bytes(MAX, 1);
        byte[] big = bytes(MAX + 1, 2);
        assertThat(d.sendBytes("PUT", d.url("small.bin"), small).statusCode()).isEqualTo(201);
        assertThat(d.sendBytes("PUT", d.url("big.bin"), big).statusCode()).isEqualTo(201);

        Node.Blob smallBlob = blob(user, "small.bin");
        Row smallRow = row(smallBlob.id());
        assertThat(smallRow.key()).startsWith("i");
        assertThat(smallRow.state()).isEqualTo(1);
        assertThat(smallRow.size()).isEqualTo(MAX);
        assertThat(smallRow.contentLength()).isEqualTo(MAX);
        assertThat(Files.exists(fileOf(smallRow.key())))
                .as("no file for an inline blob")
                .isFalse();

        Node.Blob bigBlob = blob(user, "big.bin");
        Row bigRow = row(bigBlob.id());
        assertThat(bigRow.key()).matches("[0-9a-f]+");
        assertThat(bigRow.contentLength()).isNull();
        assertThat(Files.exists(ts.backend.blobs().path(bigRow.key()))).isTrue();

        for (var e : List.of(new Object[] {"small.bin", small}, new Object[] {"big.bin", big})) {
            String name = (String) e[0];
            byte[] body = (byte[]) e[1];
            HttpResponse<byte[]> whole = d.sendBytes("GET", d.url(name), null);
            assertThat(whole.statusCode()).as(name).isEqualTo(200);
            assertThat(whole.body()).as(name).isEqualTo(body);
            assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(body.length);

            HttpResponse<byte[]> part = d.sendBytes("GET", d.url(name), null, "Range", "bytes=1-3");
            assertThat(part.statusCode()).as(name).isEqualTo(206);
            assertThat(part.body()).as(name).isEqualTo(Arrays.copyOfRange(body, 1, 4));
            assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1-3/" + body.length);

            HttpResponse<byte[]> suffix = d.sendBytes("GET", d.url(name), null, "Range", "bytes=-5");
            assertThat(suffix.statusCode()).as(name).isEqualTo(206);
            assertThat(suffix.body()).as(name).isEqualTo(Arrays.copyOfRange(body, body.length - 5, body.length));
            assertThat(suffix.headers().firstValue("Content-Range"))
                    .hasValue("bytes " + (body.length - 5) + "-" + (body.length - 1) + "/" + body.length);

            HttpResponse<byte[]> open = d.sendBytes("GET", d.url(name), null, "Range", "bytes=" + MAX + "-");
            assertThat(open.statusCode()).as(name).isEqualTo(name.equals("big.bin") ? 206 : 416);
        }
        assertThat(d.get("small.bin").headers().firstValue("OC-Checksum")).hasValue("SHA1:" + hex("SHA-1", small));
        assertThat(TreeInvariants.check(ts, List.of(home(user)))).isEmpty();
    }

    @Test
    void overwritesSwitchBetweenRowAndFileAndIdenticalContentIsOneRow() {
        String user = ts.newUser("inlo");
        Dav d = ts.dav(user);
        String small = "small " + UUID.randomUUID();
        String big = "big " + UUID.randomUUID() + "-".repeat(MAX);
        assertThat(d.put("doc.txt", small).statusCode()).isEqualTo(201);
        long fileId = Dav.nodeId(d.head("doc.txt"));
        assertThat(blob(user, "doc.txt").key()).startsWith("i");
        assertThat(d.put("doc.txt", big).statusCode()).isEqualTo(204);
        assertThat(blob(user, "doc.txt").key()).matches("[0-9a-f]+");
        assertThat(d.get("doc.txt").body()).isEqualTo(big);
        String smaller = "smaller " + UUID.randomUUID();
        assertThat(d.put("doc.txt", smaller).statusCode()).isEqualTo(204);
        assertThat(blob(user, "doc.txt").key()).startsWith("i");
        assertThat(d.get("doc.txt").body()).isEqualTo(smaller);
        assertThat(new VersionsDav(d).contents(fileId)).containsExactly(big, small);

        // the same small content twice: one row, which both files name
        assertThat(d.put("a.txt", small).statusCode()).isEqualTo(201);
        assertThat(d.put("b.txt", small).statusCode()).isEqualTo(201);
        long a = blob(user, "a.txt").id();
        assertThat(blob(user, "b.txt").id()).isEqualTo(a);
        assertThat(rowsWithSha(sha256(small.getBytes(StandardCharsets.UTF_8)))).isEqualTo(1);
        assertThat(d.copy("a.txt", "c.txt").statusCode()).isEqualTo(201);
        assertThat(blob(user, "c.txt").id()).isEqualTo(a);
        assertThat(d.get("c.txt").body()).isEqualTo(small);
        assertThat(TreeInvariants.check(ts, List.of(home(user)))).isEmpty();
    }

    @Test
    void aCutSmallPutOrAWrongChecksumLeavesNoRowAndNothingHalfWritten() throws Exception {
        String user = ts.newUser("inlc");
        Dav d = ts.dav(user);
        String old = "old " + UUID.randomUUID();
        assertThat(d.put("kept.txt", old).statusCode()).isEqualTo(201);
        byte[] sent = ("cut " + UUID.randomUUID() + " ").repeat(20).getBytes(StandardCharsets.UTF_8);
        long partsBefore = parts();

        RawHttp.Answer fresh = RawHttp.sendCut(ts.baseUrl, "PUT", d.home() + "new.txt", d.authorization(), 2000, sent);
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(400);
        RawHttp.Answer over = RawHttp.sendCut(ts.baseUrl, "PUT", d.home() + "kept.txt", d.authorization(), 2000, sent);
        assertThat(over.status()).as(over.body()).isEqualTo(400);
        assertThat(d.get("new.txt").statusCode()).isEqualTo(404);
        assertThat(d.get("kept.txt").body()).isEqualTo(old);
        assertThat(rowsWithSha(sha256(sent)))
                .as("rows of the bytes that arrived")
                .isZero();
        assertThat(rowsWithContent(sent)).isZero();
        assertThat(parts()).as("part files").isLessThanOrEqualTo(partsBefore);

        String content = "checked " + UUID.randomUUID();
        HttpResponse<String> bad = d.put("sum.txt", content, "OC-Checksum", "SHA1:" + hex("SHA-1", "other".getBytes()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(d.get("sum.txt").statusCode()).isEqualTo(404);
        assertThat(rowsWithSha(sha256(content.getBytes(StandardCharsets.UTF_8))))
                .isZero();
        HttpResponse<String> good = d.put(
                "sum.txt", content, "OC-Checksum", "SHA1:" + hex("SHA-1", content.getBytes(StandardCharsets.UTF_8)));
        assertThat(good.statusCode()).isEqualTo(201);
        assertThat(d.get("sum.txt").body()).isEqualTo(content);
        assertThat(TreeInvariants.check(ts, List.of(home(user)))).isEmpty();
    }

    @Test
    void theCollectorReclaimsTheRowOfAPurgedInlineFile() throws Exception {
        String user = ts.newUser("inlg");
        Dav d = ts.dav(user);
        String content = "to be collected " + UUID.randomUUID();
        assertThat(d.put("gone.txt", content).statusCode()).isEqualTo(201);
        Node.Blob b = blob(user, "gone.txt");
        assertThat(b.key()).startsWith("i");
        assertThat(d.delete("gone.txt").statusCode()).isEqualTo(204);
        assertThat(row(b.id())).as("kept while in the trash").isNotNull();
        new TrashPurge(ts.backend.database(), Duration.ZERO).run();
        Collector.collectNow(ts);
        assertThat(row(b.id())).as("the row of the purged file").isNull();
        assertThat(rowsWithSha(sha256(content.getBytes(StandardCharsets.UTF_8))))
                .isZero();
        // the same content uploaded again is stored anew and reads back
        assertThat(d.put("again.txt", content).statusCode()).isEqualTo(201);
        assertThat(d.get("again.txt").body()).isEqualTo(content);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Node.Blob blob(String user, String path) {
        return ts.backend
                .files()
                .resolve(ts.backend.users().find(user).orElseThrow().principal(), FilePath.parse(path))
                .node()
                .blob();
    }

    private long home(String user) {
        return ts.backend.users().find(user).orElseThrow().principal().homeSpaceId();
    }

    private Row row(long id) {
        return ts.backend.database().read(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT storage_key, state, size, (SELECT OCTET_LENGTH(content) FROM blob_content"
                            + " WHERE blob_id = blob_object.id) FROM blob_object WHERE id = ?")) {
                ps.setLong(1, id);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long length = rs.getLong(4);
                    Long content = rs.wasNull() ? null : length;
                    return new Row(rs.getString(1), rs.getInt(2), rs.getLong(3), content);
                }
            }
        });
    }

    private long rowsWithSha(byte[] sha256) {
        return count("SELECT COUNT(*) FROM blob_object WHERE sha256 = ?", sha256);
    }

    private long rowsWithContent(byte[] content) {
        return count("SELECT COUNT(*) FROM blob_content WHERE content = ?", content);
    }

    private long count(String sql, byte[] arg) {
        return ts.backend.database().read(c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setBytes(1, arg);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Where a file's blob of this key would be (DiskBlobStore's aa/bb/key), without validating the key. */
    private Path fileOf(String key) {
        Path dir = ts.backend.config().blobDir();
        return dir.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    private long parts() throws Exception {
        try (var all = Files.list(ts.backend.config().blobDir().resolve("tmp"))) {
            return all.count();
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed ^ System.nanoTime()).nextBytes(b); // content no earlier run stored
        return b;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
