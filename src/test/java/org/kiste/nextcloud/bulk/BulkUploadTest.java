package org.kiste.nextcloud.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.OcsShares;
import org.kiste.testing.RawHttp;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * Nextcloud's bulk upload over real HTTP: each part is a PUT of its own (checksum, mtime, quota, locks,
 * permissions), answered by one JSON entry per file; a malformed body ends with 400 and never stores the part it
 * broke off in.
 */
class BulkUploadTest {
    private final TestServer s = TestServer.get();
    private final Spaces spaces = new Spaces(s);

    @Test
    void severalFilesNewAndOverwrittenEachAnswered() {
        Dav dav = s.dav(s.newUser("bulk"));
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(201);
        assertThat(dav.put("old.txt", "old content").statusCode()).isEqualTo(201);
        String oldId = dav.head("old.txt").headers().firstValue("OC-FileId").orElseThrow();
        byte[] body = new BulkBody()
                .file("/a.txt", "first")
                .file("/d/b.txt", "second, in a folder")
                .file("/old.txt", "new content")
                .file("/empty.txt", new byte[0])
                .close();
        HttpResponse<byte[]> r = BulkBody.post(dav, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode answer = BulkBody.json(r);
        assertThat(answer.size()).isEqualTo(4);
        for (String path : new String[] {"/a.txt", "/d/b.txt", "/old.txt", "/empty.txt"}) {
            JsonNode a = answer.get(path);
            assertThat(a.get("error").asBoolean()).as(path).isFalse();
            assertThat(a.get("etag").asText()).as(path).isEqualTo(dav.etag(path.substring(1)));
            assertThat(a.get("fileid").asText())
                    .as(path)
                    .isEqualTo(dav.head(path.substring(1))
                            .headers()
                            .firstValue("OC-FileId")
                            .orElseThrow());
            assertThat(a.get("permissions").asText()).as(path).contains("G", "D", "NV", "W");
            assertThat(a.get("X-OC-MTime").asText()).as(path).isEqualTo("accepted");
        }
        assertThat(dav.get("a.txt").body()).isEqualTo("first");
        assertThat(dav.get("d/b.txt").body()).isEqualTo("second, in a folder");
        assertThat(dav.get("old.txt").body()).isEqualTo("new content");
        assertThat(dav.get("empty.txt").body()).isEmpty();
        assertThat(answer.get("/old.txt").get("fileid").asText()).as("kept").isEqualTo(oldId);
        assertThat(dav.head("a.txt").headers().firstValue("Last-Modified")).hasValue("Sun, 13 Sep 2020 12:26:40 GMT");
    }

    /** Many binary files in one body, which arrives in many reads whose ends fall inside parts and boundaries. */
    @Test
    void aLargeBodyOfBinaryFilesIsStoredWhole() {
        Dav dav = s.dav(s.newUser("bulkbin"));
        java.util.Random random = new java.util.Random(14);
        BulkBody b = new BulkBody();
        byte[][] contents = new byte[300][];
        for (int i = 0; i < contents.length; i++) {
            contents[i] = new byte[4096 + random.nextInt(600)];
            random.nextBytes(contents[i]);
            b.file("/bin" + i + ".bin", contents[i]);
        }
        byte[] body = b.close();
        // sent in pieces of odd sizes, as a client writes it while it reads its files
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < body.length; at += 997) {
            pieces.add(Arrays.copyOfRange(body, at, Math.min(body.length, at + 997)));
        }
        RawHttp.Answer a = RawHttp.sendChunked(
                s.baseUrl,
                "POST",
                "/remote.php/dav/bulk",
                dav.authorization(),
                pieces,
                "Content-Type: " + BulkBody.TYPE);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode answer;
        try {
            answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(a.body(), e);
        }
        assertThat(answer.size()).isEqualTo(contents.length);
        for (int i = 0; i < contents.length; i += 37) {
            assertThat(answer.get("/bin" + i + ".bin").get("error").asBoolean()).isFalse();
            assertThat(dav.sendBytes("GET", dav.url("bin" + i + ".bin"), null).body())
                    .isEqualTo(contents[i]);
        }
    }

    @Test
    void aMissingParentIsThatFilesError() {
        Dav dav = s.dav(s.newUser("bulkp"));
        JsonNode answer = BulkBody.json(BulkBody.post(
                dav, new BulkBody().file("/nope/x.txt", "x").file("/y.txt", "y").close()));
        assertThat(answer.get("/nope/x.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/nope/x.txt").get("message").asText()).contains("does not exist");
        assertThat(answer.get("/y.txt").get("error").asBoolean()).isFalse();
    }

    @Test
    void anMd5MismatchRefusesThatFileOnly() {
        Dav dav = s.dav(s.newUser("bulkm"));
        assertThat(dav.put("kept.txt", "the old one").statusCode()).isEqualTo(201);
        byte[] wrong = "what was sent".getBytes(StandardCharsets.UTF_8);
        BulkBody b = new BulkBody().file("/one.txt", "one");
        b.part(
                wrong,
                "Content-Length: " + wrong.length,
                "X-File-MD5: " + BulkBody.md5("else".getBytes()),
                "X-File-Path: /bad.txt");
        b.part(
                wrong,
                "Content-Length: " + wrong.length,
                "X-File-MD5: " + BulkBody.md5("else".getBytes()),
                "X-File-Path: /kept.txt");
        b.file("/two.txt", "two");
        HttpResponse<byte[]> r = BulkBody.post(dav, b.close());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = BulkBody.json(r);
        assertThat(answer.get("/bad.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/bad.txt").get("message").asText()).contains("MD5");
        assertThat(answer.get("/kept.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/one.txt").get("error").asBoolean()).isFalse();
        assertThat(answer.get("/two.txt").get("error").asBoolean()).isFalse();
        assertThat(dav.get("bad.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("kept.txt").body()).isEqualTo("the old one");
        assertThat(dav.get("two.txt").body()).isEqualTo("two");
    }

    @Test
    void anOcChecksumIsVerifiedToo() {
        Dav dav = s.dav(s.newUser("bulks"));
        byte[] c = "checked".getBytes(StandardCharsets.UTF_8);
        BulkBody b = new BulkBody();
        b.part(c, "Content-Length: 7", "OC-Checksum: SHA1:" + "0".repeat(40), "X-File-Path: /sha.txt");
        JsonNode answer = BulkBody.json(BulkBody.post(dav, b.close()));
        assertThat(answer.get("/sha.txt").get("error").asBoolean()).isTrue();
        assertThat(dav.get("sha.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void theQuotaRefusesTheLaterFilesAndKeepsTheEarlierOnes() throws Exception {
        String login = spaces.user("bulkq", 10 * 1024);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Dav dav = s.dav(login);
        byte[] four = new byte[4096];
        Arrays.fill(four, (byte) 'q');
        BulkBody b = new BulkBody();
        for (int i = 1; i <= 4; i++) {
            b.file("/q" + i + ".bin", four);
        }
        HttpResponse<byte[]> r = BulkBody.post(dav, b.close());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = BulkBody.json(r);
        assertThat(answer.get("/q1.bin").get("error").asBoolean()).isFalse();
        assertThat(answer.get("/q2.bin").get("error").asBoolean()).isFalse();
        assertThat(answer.get("/q3.bin").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/q3.bin").get("message").asText()).contains("space");
        assertThat(answer.get("/q4.bin").get("error").asBoolean()).isTrue();
        assertThat(dav.get("q2.bin").statusCode()).isEqualTo(200);
        assertThat(dav.get("q3.bin").statusCode()).isEqualTo(404);
        assertThat(dav.get("q4.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void aLockedFileIsRefusedAndKeepsItsContent() {
        String login = s.newUser("bulkl");
        Dav dav = s.dav(login);
        assertThat(dav.put("locked.txt", "mine").statusCode()).isEqualTo(201);
        DavLocks.take(dav, "locked.txt", "0");
        JsonNode answer = BulkBody.json(BulkBody.post(
                dav,
                new BulkBody()
                        .file("/locked.txt", "theirs")
                        .file("/free.txt", "free")
                        .close()));
        assertThat(answer.get("/locked.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/free.txt").get("error").asBoolean()).isFalse();
        assertThat(dav.get("locked.txt").body()).isEqualTo("mine");
        assertThat(dav.get("free.txt").body()).isEqualTo("free");
    }

    @Test
    void aReadOnlyShareIsRefusedAndTheOwnHomeIsNot() {
        String sharer = s.newUser("bulkro");
        String recipient = s.newUser("bulkrr");
        Dav owner = s.dav(sharer);
        assertThat(owner.mkcol("ReadOnly").statusCode()).isEqualTo(201);
        assertThat(owner.put("ReadOnly/a.txt", "hello").statusCode()).isEqualTo(201);
        new OcsShares(owner).create("/ReadOnly", OcsShares.USER, recipient, 1);
        Dav dav = s.dav(recipient);
        assertThat(dav.get("ReadOnly/a.txt").body()).isEqualTo("hello");
        JsonNode answer = BulkBody.json(BulkBody.post(
                dav,
                new BulkBody()
                        .file("/ReadOnly/new.txt", "n")
                        .file("/ReadOnly/a.txt", "changed")
                        .file("/mine.txt", "m")
                        .close()));
        assertThat(answer.get("/ReadOnly/new.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/ReadOnly/a.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/mine.txt").get("error").asBoolean()).isFalse();
        assertThat(owner.get("ReadOnly/new.txt").statusCode()).isEqualTo(404);
        assertThat(owner.get("ReadOnly/a.txt").body()).isEqualTo("hello");
    }

    @Test
    void aPartLongerThanAnnouncedEndsTheRequestAndIsNotStored() {
        Dav dav = s.dav(s.newUser("bulkx"));
        byte[] five = "12345".getBytes(StandardCharsets.UTF_8);
        BulkBody b = new BulkBody().file("/before.txt", "before");
        b.part(five, "Content-Length: 3", "X-File-MD5: " + BulkBody.md5("123".getBytes()), "X-File-Path: /long.txt");
        b.file("/after.txt", "after");
        HttpResponse<byte[]> r = BulkBody.post(dav, b.close());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode answer = BulkBody.json(r);
        assertThat(answer.get("/before.txt").get("error").asBoolean()).isFalse();
        assertThat(answer.has("/long.txt")).isFalse();
        assertThat(dav.get("before.txt").body()).isEqualTo("before");
        assertThat(dav.get("long.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("after.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aPartShorterThanAnnouncedIsNotStored() {
        Dav dav = s.dav(s.newUser("bulky"));
        byte[] five = "12345".getBytes(StandardCharsets.UTF_8);
        BulkBody b = new BulkBody();
        b.part(five, "Content-Length: 10", "X-File-MD5: " + BulkBody.md5(five), "X-File-Path: /short.txt");
        assertThat(BulkBody.post(dav, b.close()).statusCode()).isEqualTo(400);
        assertThat(dav.get("short.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void anEmptyPartWithContentIsNotStored() {
        Dav dav = s.dav(s.newUser("bulkz"));
        BulkBody b = new BulkBody();
        b.part(
                "abc".getBytes(),
                "Content-Length: 0",
                "X-File-MD5: " + BulkBody.md5(new byte[0]),
                "X-File-Path: /zero.txt");
        assertThat(BulkBody.post(dav, b.close()).statusCode()).isEqualTo(400);
        assertThat(dav.get("zero.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyWithoutItsClosingBoundaryDoesNotStoreItsLastPart() {
        Dav dav = s.dav(s.newUser("bulkc"));
        byte[] body = new BulkBody()
                .file("/first.txt", "1")
                .file("/cut.txt", "cut short")
                .open();
        // without the CRLF before the missing boundary as well
        HttpResponse<byte[]> r = BulkBody.post(dav, Arrays.copyOf(body, body.length - 2));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(dav.get("first.txt").body()).isEqualTo("1");
        assertThat(dav.get("cut.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void missingHeadersAndWrongTypesAreRefused() {
        Dav dav = s.dav(s.newUser("bulkh"));
        byte[] c = "c".getBytes();
        BulkBody noSum = new BulkBody();
        noSum.part(c, "Content-Length: 1", "X-File-Path: /nosum.txt");
        assertThat(BulkBody.post(dav, noSum.close()).statusCode()).isEqualTo(400);
        BulkBody noLength = new BulkBody();
        noLength.part(c, "X-File-MD5: " + BulkBody.md5(c), "X-File-Path: /nolength.txt");
        assertThat(BulkBody.post(dav, noLength.close()).statusCode()).isEqualTo(400);
        BulkBody noPath = new BulkBody();
        noPath.part(c, "Content-Length: 1", "X-File-MD5: " + BulkBody.md5(c));
        assertThat(BulkBody.post(dav, noPath.close()).statusCode()).isEqualTo(400);
        BulkBody badName = new BulkBody().file("/../escape.txt", "x").file("/fine.txt", "fine");
        JsonNode answer = BulkBody.json(BulkBody.post(dav, badName.close()));
        assertThat(answer.get("/../escape.txt").get("error").asBoolean()).isTrue();
        assertThat(answer.get("/fine.txt").get("error").asBoolean()).isFalse();
        assertThat(dav.get("nosum.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("nolength.txt").statusCode()).isEqualTo(404);

        byte[] good = new BulkBody().file("/typed.txt", "t").close();
        String url = dav.at("/remote.php/dav/bulk");
        assertThat(dav.sendBytes(
                                "POST", url, good, "Content-Type", "multipart/form-data; boundary=" + BulkBody.BOUNDARY)
                        .statusCode())
                .isEqualTo(415);
        assertThat(dav.sendBytes("POST", url, good, "Content-Type", "multipart/related")
                        .statusCode())
                .isEqualTo(400);
        assertThat(dav.sendBytes("POST", url, "garbage".getBytes(), "Content-Type", BulkBody.TYPE)
                        .statusCode())
                .isEqualTo(400);
        assertThat(dav.get("typed.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void theCapabilityIsOfferedButNotToDesktopClientsThatCannotSendEmptyFiles() {
        Dav dav = s.dav(s.newUser("bulkcap"));
        String url = dav.at("/ocs/v2.php/cloud/capabilities?format=json");
        assertThat(dav.send("GET", url, null, "OCS-APIRequest", "true").body()).contains("\"bulkupload\":\"1.0\"");
        String old = "Mozilla/5.0 (Linux) mirall/3.7.3git (Nextcloud, debian-6.1.0 ClientArchitecture: x86_64)";
        assertThat(dav.send("GET", url, null, "OCS-APIRequest", "true", "User-Agent", old)
                        .body())
                .contains("\"chunking\":\"1.0\"")
                .doesNotContain("bulkupload");
        String fixed = "Mozilla/5.0 (Windows) mirall/3.16.4stable (Nextcloud, windows-10.0 ClientArchitecture: x86_64)";
        assertThat(dav.send("GET", url, null, "OCS-APIRequest", "true", "User-Agent", fixed)
                        .body())
                .contains("\"bulkupload\":\"1.0\"");
    }
}
