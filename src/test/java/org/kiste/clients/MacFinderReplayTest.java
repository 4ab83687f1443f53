package org.kiste.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Collector;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * macOS Finder (webdavfs) as clients.md §3 records it: chunked uploads sized by X-Expected-Entity-Length,
 * AppleDouble and .DS_Store files, 10-minute locks refreshed without a body, and the RFC 4331 quota pair.
 */
class MacFinderReplayTest {
    private static final String UA = "WebDAVFS/3.0.0 (03008000) Darwin/21.6.0 (arm64)";
    private static final String OWNER = "<D:href>http://www.apple.com/webdav_fs/</D:href>";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("finder"));
    }

    private static HttpResponse<String> send(Dav dav, String method, String path, String body, String... headers) {
        return dav.sendAs(UA, method, path, body, headers);
    }

    private static RawHttp.Answer chunkedPut(
            Dav dav, String name, long announced, List<byte[]> chunks, String... extra) {
        List<String> h = new ArrayList<>(List.of("User-Agent: " + UA, "X-Expected-Entity-Length: " + announced));
        h.addAll(List.of(extra));
        return RawHttp.sendChunked(
                s.baseUrl, "PUT", dav.home() + name, dav.authorization(), chunks, h.toArray(String[]::new));
    }

    private static List<byte[]> split(byte[] data, int chunk) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += chunk) {
            out.add(Arrays.copyOfRange(data, i, Math.min(data.length, i + chunk)));
        }
        return out;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void connectingSeesClass2AndMountsReadWrite() {
        HttpResponse<String> r = s.anonymous().send("OPTIONS", s.baseUrl + "/", null, "User-Agent", "WebDAVLib/1.3");
        assertThat(r.statusCode()).isEqualTo(200);
        // webdavfs reads the DAV header token by token: "2" means a read-write mount
        assertThat(Arrays.stream(r.headers().firstValue("DAV").orElse("").split(","))
                        .map(String::trim))
                .contains("1", "2");
        assertThat(send(me, "OPTIONS", "", null).headers().firstValue("DAV").orElse(""))
                .contains("2");
    }

    @Test
    void copyingAFileIn() {
        Dav dav = me.in("copy");
        byte[] data = random(200_000);
        assertThat(send(dav, "PROPFIND", "photo.jpg", null, "Depth", "0").statusCode())
                .isEqualTo(404);
        assertThat(send(dav, "PROPFIND", "._photo.jpg", null, "Depth", "0").statusCode())
                .isEqualTo(404);
        assertThat(send(dav, "PUT", "photo.jpg", "").statusCode()).isEqualTo(201);

        HttpResponse<String> lock = DavLocks.lock(dav, "photo.jpg", true, "0", "Second-600", OWNER, "User-Agent", UA);
        assertThat(lock.statusCode()).as("never a 207 for a single resource").isEqualTo(200);
        String token = DavLocks.tokenOf(lock);
        DavLocks.Active granted = DavLocks.fromLockAnswer(lock.body()).get(0);
        assertThat(granted.seconds()).as("more than the 300 s refresh interval").isGreaterThan(300);
        assertThat(MultiStatus.children(granted.owner(), "href").get(0).getTextContent())
                .isEqualTo("http://www.apple.com/webdav_fs/");

        RawHttp.Answer put = chunkedPut(dav, "photo.jpg", data.length, split(data, 32 * 1024), "If: (<" + token + ">)");
        assertThat(put.status()).as(put.head()).isBetween(200, 204);

        // the AppleDouble file carries the resource fork and xattrs
        byte[] apple = random(4096);
        apple[0] = 0x00;
        apple[1] = 0x05;
        apple[2] = 0x16;
        apple[3] = 0x07;
        assertThat(chunkedPut(dav, "._photo.jpg", apple.length, split(apple, 1000))
                        .status())
                .isEqualTo(201);

        // refresh at half the timeout: no body, the token in If
        HttpResponse<String> refresh =
                send(dav, "LOCK", "photo.jpg", null, "If", "(<" + token + ">)", "Timeout", "Second-600");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(DavLocks.fromLockAnswer(refresh.body()).get(0).seconds()).isGreaterThan(300);
        assertThat(send(dav, "UNLOCK", "photo.jpg", null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(204);

        assertThat(dav.sendBytes("GET", dav.url("photo.jpg"), null).body()).isEqualTo(data);
        assertThat(dav.sendBytes("GET", dav.url("._photo.jpg"), null).body()).isEqualTo(apple);
        MultiStatus ms = dav.props("", "1", "getcontentlength", "getlastmodified", "resourcetype");
        assertThat(ms.at(Dav.decode(dav.home()) + "photo.jpg").text("getcontentlength"))
                .isEqualTo("200000");
        assertThat(ms.at(Dav.decode(dav.home()) + "._photo.jpg").text("getcontentlength"))
                .isEqualTo("4096");
        assertThat(ms.at(Dav.decode(dav.home()) + "photo.jpg").text("getlastmodified"))
                .endsWith(" GMT");
        // Finder reads with ranges
        HttpResponse<byte[]> range = dav.sendBytes("GET", dav.url("photo.jpg"), null, "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
    }

    @Test
    void aChunkedBodyShorterThanAnnouncedIsRefusedAndLeavesNothing() throws Exception {
        Dav dav = me.in("short");
        byte[] data = random(10_000);
        RawHttp.Answer r = chunkedPut(dav, "cut.bin", 20_000, split(data, 4096));
        assertThat(r.status()).as(r.head()).isBetween(400, 499);
        assertThat(send(dav, "PROPFIND", "cut.bin", null, "Depth", "0").statusCode())
                .isEqualTo(404);
        assertThat(dav.get("cut.bin").statusCode()).isEqualTo(404);

        // over the empty file Finder created first: it stays empty, never half written
        assertThat(send(dav, "PUT", "empty-first.bin", "").statusCode()).isEqualTo(201);
        RawHttp.Answer again = chunkedPut(dav, "empty-first.bin", 20_000, split(data, 4096));
        assertThat(again.status()).isBetween(400, 499);
        assertThat(dav.sendBytes("GET", dav.url("empty-first.bin"), null).body())
                .isEmpty();

        // the same upload complete works
        assertThat(chunkedPut(dav, "cut.bin", data.length, split(data, 4096)).status())
                .isEqualTo(201);
        assertThat(dav.sendBytes("GET", dav.url("cut.bin"), null).body()).isEqualTo(data);
        // the cut bodies' bytes were left to the garbage collector, which finds them all
        Collector.collectNow(s);
        Path tmp = s.backend.config().blobDir().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> staged = Files.list(tmp)) {
                assertThat(staged.count()).as("staged uploads left in " + tmp).isZero();
            }
        }
    }

    @Test
    void dotFilesRoundTrip() {
        Dav dav = me.in("dots");
        dav.mkcol("album");
        for (String name : new String[] {".DS_Store", "._IMG_0001.HEIC", ".metadata_never_index"}) {
            String p = "album/" + name;
            byte[] body = random(82 + name.length());
            assertThat(dav.sendBytes("PUT", dav.url(p), body, "User-Agent", UA).statusCode())
                    .as(name)
                    .isEqualTo(201);
            assertThat(dav.sendBytes("GET", dav.url(p), null).body()).as(name).isEqualTo(body);
            assertThat(dav.props("album", "1", "getcontentlength")
                            .at(Dav.decode(dav.home()) + p)
                            .text("getcontentlength"))
                    .isEqualTo(Integer.toString(body.length));
            assertThat(send(dav, "DELETE", p, null).statusCode()).as(name).isEqualTo(204);
            assertThat(send(dav, "PROPFIND", p, null, "Depth", "0").statusCode())
                    .as(name)
                    .isEqualTo(404);
        }
        // the probes Finder sends on every folder get quick, plain 404s
        for (String probe :
                new String[] {".Spotlight-V100", "Backups.backupdb", "Contents", "mach_kernel", "._album"}) {
            assertThat(send(dav, "PROPFIND", probe, null, "Depth", "0").statusCode())
                    .as(probe)
                    .isEqualTo(404);
        }
    }

    private static final String QUOTA_BODY =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
                    + "<D:quota-available-bytes/><D:quota-used-bytes/><D:quota/><D:quotaused/></D:prop></D:propfind>";

    @Test
    void quotaOfAnUnlimitedUserIsTheFreeDiskSpace() throws Exception {
        Dav dav = me.in("free");
        dav.put("a.bin", "x".repeat(1000));
        MultiStatus.Response r = MultiStatus.parse(send(dav, "PROPFIND", "", QUOTA_BODY, "Depth", "0"))
                .self();
        long available = Long.parseLong(r.text("quota-available-bytes"));
        long usable = Files.getFileStore(s.dataDir).getUsableSpace();
        // other writers share the disk: allow for what they write meanwhile
        assertThat(available).isCloseTo(usable, org.assertj.core.data.Offset.offset(256L << 20));
        assertThat(r.text("quota-used-bytes")).isEqualTo("1000");
        // Finder's legacy names are unknown: a 404 propstat, not an error
        assertThat(r.statusOf("quota")).isEqualTo(404);
        assertThat(r.statusOf("quotaused")).isEqualTo(404);
    }

    @Test
    void quotaOfALimitedUserIsWhatIsLeft() {
        String login = "finderq" + System.nanoTime() % 1_000_000;
        s.users().add(login, "pw-" + login, false, null, null, 10_000);
        Dav dav = s.dav(login);
        dav.mkcol("docs");
        dav.put("docs/a.bin", "a".repeat(3000));
        dav.put("b.bin", "b".repeat(500));
        MultiStatus ms = MultiStatus.parse(send(dav, "PROPFIND", "", QUOTA_BODY, "Depth", "1"));
        MultiStatus.Response root = ms.self();
        assertThat(root.text("quota-used-bytes")).isEqualTo("3500");
        assertThat(root.text("quota-available-bytes")).isEqualTo("6500");
        MultiStatus.Response docs = ms.at(Dav.decode(dav.home()) + "docs");
        assertThat(docs.text("quota-used-bytes")).isEqualTo("3000");
        assertThat(docs.text("quota-available-bytes")).isEqualTo("6500");
        // and allprop lists them on collections, as SabreDAV does
        assertThat(MultiStatus.parse(send(dav, "PROPFIND", "", null, "Depth", "0"))
                        .self()
                        .statusOf("quota-available-bytes"))
                .isEqualTo(200);
    }
}
