package org.kiste.web.publiclink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.FilePath;
import org.kiste.model.Share;
import org.kiste.model.ShareType;
import org.kiste.server.KisteServer;
import org.kiste.share.ShareRequest;
import org.kiste.store.BlobCollector;
import org.kiste.testing.Dav;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.VersionsDav;

/**
 * A folder archive keeps streaming while the collector, with no grace at all, deletes the bytes of what was purged
 * meanwhile: the file being written when it was purged is written whole (its file is open), a file whose content
 * was replaced before its turn is written as it is now, and one purged before its turn is left out. The archive
 * is complete and valid. A long GET of one file is read from the file it opened before answering, so it ends
 * whole too.
 */
class ZipDuringCollectionTest {

    @Test
    void purgeAndCollectionDuringAZipDownloadCutNothing() throws Exception {
        Path data = TestDatabase.tempDir("kiste-zipgc-");
        Map<String, String> s = TestDatabase.isolatedSettings(data);
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
        KisteServer server = new KisteServer(backend);
        try {
            server.start();
            String base = "http://127.0.0.1:" + server.port();
            backend.users().add("zipper", "pw-zipper", false, null, null, -1);
            Dav dav = new Dav(base, "zipper", "pw-zipper");
            byte[] big = new byte[48 << 20]; // incompressible, far more than the socket buffers hold
            new Random(7).nextBytes(big);
            assertThat(dav.mkcol("Box").statusCode()).isEqualTo(201);
            assertThat(dav.sendBytes("PUT", dav.url("Box/1-big.bin"), big).statusCode())
                    .isEqualTo(201);
            assertThat(dav.put("Box/2-replaced.txt", "old content").statusCode())
                    .isEqualTo(201);
            assertThat(dav.put("Box/3-purged.txt", "purged content").statusCode())
                    .isEqualTo(201);
            Share link = backend.shares()
                    .create(
                            backend.users().find("zipper").orElseThrow().principal(),
                            new ShareRequest(
                                    FilePath.parse("/Box"), ShareType.LINK, null, 1, null, null, null, null, null));

            HttpResponse<InputStream> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/s/" + link.token() + "/download"))
                                    .timeout(Duration.ofMinutes(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            InputStream body = r.body();
            byte[] head = body.readNBytes(256 << 10); // the big file is open and being written now

            // meanwhile: the big file and one not yet written are purged, one not yet written gets new content
            assertThat(dav.delete("Box/1-big.bin").statusCode()).isEqualTo(204);
            assertThat(dav.delete("Box/3-purged.txt").statusCode()).isEqualTo(204);
            assertThat(dav.put("Box/2-replaced.txt", "new content").statusCode())
                    .isEqualTo(204);
            // the replaced content is kept as a version: deleted too, so that nothing names its blob any more
            long replacedId = backend.files()
                    .resolve(
                            backend.users().find("zipper").orElseThrow().principal(),
                            FilePath.parse("Box/2-replaced.txt"))
                    .node()
                    .id();
            for (var version : new VersionsDav(dav).list(replacedId)) {
                assertThat(dav.send("DELETE", base + version.href(), null).statusCode())
                        .isEqualTo(204);
            }
            assertThat(dav.send("DELETE", base + "/remote.php/dav/trashbin/zipper/trash", null)
                            .statusCode())
                    .isEqualTo(204);
            BlobCollector now = new BlobCollector(
                    backend.database(), backend.blobs(), Duration.ofHours(1), Duration.ZERO, Duration.ofHours(24));
            assertThat(now.run())
                    .as("the three old contents' bytes are deleted")
                    .isEqualTo(3);

            Map<String, byte[]> entries = new LinkedHashMap<>();
            try (ZipInputStream zip =
                    new ZipInputStream(new SequenceInputStream(new ByteArrayInputStream(head), body))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    zip.transferTo(content);
                    entries.put(e.getName(), content.toByteArray());
                }
            }
            assertThat(entries.keySet()).containsExactly("Box/", "Box/1-big.bin", "Box/2-replaced.txt");
            assertThat(entries.get("Box/1-big.bin")).isEqualTo(big);
            assertThat(new String(entries.get("Box/2-replaced.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("new content");
        } finally {
            server.stop();
            backend.close();
        }
    }

    @Test
    void aLongGetOfAFilePurgedAndCollectedMeanwhileEndsWhole() throws Exception {
        Path data = TestDatabase.tempDir("kiste-getgc-");
        Map<String, String> s = TestDatabase.isolatedSettings(data);
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
        KisteServer server = new KisteServer(backend);
        try {
            server.start();
            String base = "http://127.0.0.1:" + server.port();
            backend.users().add("getter", "pw-getter", false, null, null, -1);
            Dav dav = new Dav(base, "getter", "pw-getter");
            byte[] big = new byte[48 << 20];
            new Random(11).nextBytes(big);
            assertThat(dav.sendBytes("PUT", dav.url("big.bin"), big).statusCode())
                    .isEqualTo(201);
            HttpResponse<InputStream> r = HttpClient.newHttpClient()
                    .send(
                            dav.request("GET", dav.url("big.bin"), null)
                                    .timeout(Duration.ofMinutes(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            InputStream body = r.body();
            byte[] head = body.readNBytes(256 << 10);
            assertThat(dav.delete("big.bin").statusCode()).isEqualTo(204);
            assertThat(dav.send("DELETE", base + "/remote.php/dav/trashbin/getter/trash", null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(new BlobCollector(
                                    backend.database(),
                                    backend.blobs(),
                                    Duration.ofHours(1),
                                    Duration.ZERO,
                                    Duration.ofHours(24))
                            .run())
                    .isEqualTo(1);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(head);
            body.transferTo(all);
            assertThat(all.toByteArray()).isEqualTo(big);
        } finally {
            server.stop();
            backend.close();
        }
    }
}
