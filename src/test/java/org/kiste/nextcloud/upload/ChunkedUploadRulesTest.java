package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.model.Principal;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * The server rules of chunked uploads: lengths, checksums, conditions and Overwrite on the destination, quota,
 * privacy, names, one assembly at a time.
 */
class ChunkedUploadRulesTest {
    private static final TestServer s = TestServer.get();
    private static UploadClient up;

    @BeforeAll
    static void user() {
        up = new UploadClient(s.dav(s.newUser("rules")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A transfer holding {@code content} in two chunks. */
    private static void staged(String id, String content) {
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        int half = content.length() / 2;
        assertThat(up.put(id, "1", bytes(content.substring(0, half))).statusCode())
                .isEqualTo(201);
        assertThat(up.put(id, "2", bytes(content.substring(half))).statusCode()).isEqualTo(201);
    }

    @Test
    void chunksAreBlobsOfTheirOwn() {
        staged("on-disk", "abcdef");
        long userId = up.principal(s).userId();
        // recorded as chunks (state 3: never shared, never collected while their transfer lives), bytes in the store
        List<String> keys = s.backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT b.storage_key FROM upload_transfer t JOIN upload_chunk u"
                    + " ON u.transfer_id = t.id JOIN blob_object b ON b.id = u.blob_id"
                    + " WHERE t.user_id = ? AND t.name = 'on-disk' AND b.state = 3 ORDER BY u.name")) {
                ps.setLong(1, userId);
                try (var rs = ps.executeQuery()) {
                    List<String> out = new java.util.ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
        assertThat(keys).hasSize(2);
        for (String key : keys) {
            assertThat(s.backend.blobs().path(key)).exists();
        }
    }

    @Test
    void totalLengthMismatchIs400AndStoresNothing() {
        staged("len", "0123456789");
        HttpResponse<String> r = up.assemble("len", up.dav.url("len.txt"), "OC-Total-Length", "11");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(up.dav.get("len.txt").statusCode()).isEqualTo(404);
        assertThat(up.assemble("len", up.dav.url("len.txt"), "OC-Total-Length", "bogus")
                        .statusCode())
                .isEqualTo(400);
        assertThat(up.assemble("len", up.dav.url("len.txt"), "OC-Total-Length", "10")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void checksumMismatchIs400AndKeepsTheOldContent() {
        assertThat(up.dav.put("sum.txt", "old content").statusCode()).isEqualTo(201);
        staged("sum", "new content");
        HttpResponse<String> r = up.assemble(
                "sum", up.dav.url("sum.txt"), "OC-Checksum", "SHA1:" + UploadClient.sha1(bytes("something else")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(up.dav.get("sum.txt").body()).isEqualTo("old content");
        assertThat(up.assemble(
                                "sum",
                                up.dav.url("sum.txt"),
                                "OC-Checksum",
                                "SHA1:" + UploadClient.sha1(bytes("new content")))
                        .statusCode())
                .isEqualTo(204);
        assertThat(up.dav.get("sum.txt").body()).isEqualTo("new content");
    }

    @Test
    void conditionsAreEvaluatedAgainstTheDestination() {
        assertThat(up.dav.put("cond.txt", "v1").statusCode()).isEqualTo(201);
        String etag = up.dav.etag("cond.txt");
        staged("cond", "version two");
        String dest = up.filePath("cond.txt");
        assertThat(up.assemble("cond", dest, "If-Match", "\"nope\"").statusCode())
                .isEqualTo(412);
        assertThat(up.assemble("cond", dest, "If-None-Match", "*").statusCode()).isEqualTo(412);
        // the desktop's tagged list names the destination
        assertThat(up.assemble("cond", dest, "If", "<" + dest + "> ([\"nope\"])")
                        .statusCode())
                .isEqualTo(412);
        assertThat(up.dav.get("cond.txt").body()).isEqualTo("v1");
        assertThat(up.assemble("cond", dest, "If", "<" + dest + "> ([\"" + etag + "\"])")
                        .statusCode())
                .isEqualTo(204);
        assertThat(up.dav.get("cond.txt").body()).isEqualTo("version two");

        staged("cond2", "version three");
        String now = up.dav.etag("cond.txt");
        assertThat(up.assemble("cond2", up.dav.url("cond.txt"), "If-Match", "\"" + now + "\"")
                        .statusCode())
                .isEqualTo(204);
        assertThat(up.dav.get("cond.txt").body()).isEqualTo("version three");
    }

    @Test
    void overwriteKeepsTheFileIdAndAnswers204() {
        assertThat(up.dav.put("keep.txt", "first").statusCode()).isEqualTo(201);
        String id = up.ocId(s, "keep.txt");
        staged("keep", "second version");
        assertThat(up.assemble("keep", up.dav.url("keep.txt"), "Overwrite", "F").statusCode())
                .isEqualTo(412);
        HttpResponse<String> r = up.assemble("keep", up.dav.url("keep.txt"), "X-OC-Mtime", "1600000000");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("OC-FileId")).hasValue(id);
        assertThat(r.headers().firstValue("X-OC-MTime")).hasValue("accepted");
        assertThat(up.ocId(s, "keep.txt")).isEqualTo(id);
        assertThat(up.dav.get("keep.txt").body()).isEqualTo("second version");
    }

    @Test
    void quotaIsCheckedWhenTheTransferStarts() {
        String login = "upquota" + System.nanoTime() % 1_000_000;
        s.users().add(login, "pw-" + login, false, null, null, 1000);
        UploadClient q = new UploadClient(s.dav(login));
        assertThat(q.mkcol("big", "OC-Total-Length", "1001").statusCode()).isEqualTo(507);
        assertThat(q.propfind(q.transfer("big"), "0", null).statusCode()).isEqualTo(404);
        assertThat(q.dav.put("existing.bin", "x".repeat(600)).statusCode()).isEqualTo(201);
        assertThat(q.mkcol("new", "OC-Total-Length", "401").statusCode()).isEqualTo(507);
        assertThat(q.mkcol("new", "OC-Total-Length", "400").statusCode()).isEqualTo(201);
        // replacing a file frees its bytes
        assertThat(q.mkcol("replace", "OC-Total-Length", "1000", "Destination", q.dav.url("existing.bin"))
                        .statusCode())
                .isEqualTo(201);
        // a chunk that cannot fit is refused before it is stored
        assertThat(q.put("new", "1", new byte[500]).statusCode()).isEqualTo(507);
        assertThat(q.put("new", "1", new byte[300], "OC-Total-Length", "2000").statusCode())
                .isEqualTo(507);
        assertThat(q.list("new").responses).hasSize(1);
    }

    @Test
    void anotherUsersUploadsAreNotFoundAndAnonymousNeedsALogin() {
        staged("mine", "private bytes");
        UploadClient other = new UploadClient(s.dav(s.newUser("intruder")));
        String theirs = up.transfer("mine");
        assertThat(other.dav.send("PROPFIND", theirs, null, "Depth", "1").statusCode())
                .isEqualTo(404);
        assertThat(other.dav.send("MKCOL", up.transfer("fresh"), null).statusCode())
                .isEqualTo(404);
        assertThat(other.dav.sendBytes("PUT", up.chunk("mine", "3"), bytes("x")).statusCode())
                .isEqualTo(404);
        assertThat(other.dav.send("DELETE", theirs, null).statusCode()).isEqualTo(404);
        assertThat(other.dav
                        .send("MOVE", up.chunk("mine", ".file"), null, "Destination", other.dav.url("stolen.txt"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(other.dav.get("stolen.txt").statusCode()).isEqualTo(404);
        assertThat(up.dav
                        .anonymous()
                        .send("PROPFIND", theirs, null, "Depth", "1")
                        .statusCode())
                .isEqualTo(401);
        // the owner cannot assemble into another user's tree either
        assertThat(up.assemble("mine", other.dav.url("gift.txt")).statusCode()).isEqualTo(403);
        assertThat(up.assemble("mine", "http://elsewhere.example/remote.php/dav/files/" + up.dav.login + "/x.txt")
                        .statusCode())
                .isEqualTo(502);
        assertThat(up.list("mine").responses).hasSize(3);
    }

    @Test
    void namesThatCouldLeaveTheUploadsFolderAre400() {
        String base = "/remote.php/dav/uploads/" + up.dav.login;
        for (String target : new String[] {
            base + "/%2e%2e",
            base + "/a..b",
            base + "/a%2Fb",
            base + "/a%5Cb",
            base + "/t%00",
            base + "/" + "x".repeat(300)
        }) {
            RawHttp.Answer a = RawHttp.send(up.dav.baseUrl, "MKCOL", target, up.dav.authorization(), null);
            assertThat(a.status()).as(target).isEqualTo(400);
        }
        assertThat(up.mkcol("names").statusCode()).isEqualTo(201);
        for (String chunk : new String[] {"%2e%2e", "..%2f..%2fescape", "a%2Fb", ".file"}) {
            String target = base + "/names/" + chunk;
            RawHttp.Answer a = RawHttp.send(up.dav.baseUrl, "PUT", target, up.dav.authorization(), "escaped!");
            assertThat(a.status()).as(target).isEqualTo(400);
        }
        RawHttp.Answer raw =
                RawHttp.send(up.dav.baseUrl, "PUT", base + "/names/../../escape", up.dav.authorization(), "x");
        assertThat(raw.status()).isBetween(400, 499);
        assertThat(up.list("names").responses).hasSize(1);
        assertThat(up.dav
                        .sendBytes("PUT", up.chunk("names", "sub/dir"), bytes("x"))
                        .statusCode())
                .isBetween(400, 499);
    }

    @Test
    void aTransferBeingAssembledAnswers423() throws Exception {
        staged("held", "content of held");
        Principal p = up.principal(s);
        // another process assembling the same transfer has marked it in the database
        setAssembling(p.userId(), "held", "NOW(3) + INTERVAL 1 HOUR");
        assertThat(up.assemble("held", up.dav.url("held.txt")).statusCode()).isEqualTo(423);
        assertThat(up.put("held", "3", bytes("late")).statusCode()).isEqualTo(423);
        assertThat(up.dav.send("DELETE", up.transfer("held"), null).statusCode())
                .isEqualTo(423);
        // an assembly whose time is up (its process died) no longer holds the transfer
        setAssembling(p.userId(), "held", "NOW(3) - INTERVAL 1 SECOND");
        assertThat(up.assemble("held", up.dav.url("held.txt")).statusCode()).isEqualTo(201);
        assertThat(up.assemble("held", up.dav.url("held.txt")).statusCode()).isEqualTo(404);
        assertThat(up.dav.get("held.txt").body()).isEqualTo("content of held");
    }

    private static void setAssembling(long userId, String transfer, String until) {
        s.backend.database().tx(c -> {
            try (var ps = c.prepareStatement(
                    "UPDATE upload_transfer SET assembling_until = " + until + " WHERE user_id = ? AND name = ?")) {
                ps.setLong(1, userId);
                ps.setString(2, transfer);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void concurrentMovesOfOneTransferAssembleOnce() throws Exception {
        String id = "race";
        byte[] data = new byte[40 << 20];
        new Random(9).nextBytes(data);
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        int chunk = 1 << 20;
        for (int i = 0; i * chunk < data.length; i++) {
            byte[] part = java.util.Arrays.copyOfRange(data, i * chunk, (i + 1) * chunk);
            assertThat(up.put(id, Integer.toString(i + 1), part).statusCode()).isEqualTo(201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> moves = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                moves.add(pool.submit(() -> {
                    start.await();
                    return up.assemble(id, up.dav.url("race.bin"), "OC-Total-Length", Integer.toString(data.length))
                            .statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : moves) {
                codes.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(codes).as("statuses").containsOnlyOnce(201);
            assertThat(codes.stream().filter(c -> c != 201).findFirst().orElseThrow())
                    .isIn(423, 404);
        } finally {
            pool.shutdownNow();
        }
        assertThat(UploadClient.sha1(
                        up.dav.sendBytes("GET", up.dav.url("race.bin"), null).body()))
                .isEqualTo(UploadClient.sha1(data));
    }

    @Test
    void onlyTheAssembledFileCanBeMoved() {
        staged("moves", "abcd");
        assertThat(up.dav
                        .send("MOVE", up.chunk("moves", "1"), null, "Destination", up.dav.url("c.txt"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(up.dav
                        .send("MOVE", up.transfer("moves"), null, "Destination", up.dav.url("c.txt"))
                        .statusCode())
                .isEqualTo(405);
        // a chunk is read like a file (ChunkGetTest); it is only its MOVE that is refused
        assertThat(up.dav.send("GET", up.chunk("moves", "1"), null).body()).isEqualTo("ab");
        assertThat(Files.exists(Path.of("c.txt"))).isFalse();
        assertThat(up.assemble("moves", up.dav.url("missing-folder/c.txt")).statusCode())
                .isEqualTo(409);
    }
}
