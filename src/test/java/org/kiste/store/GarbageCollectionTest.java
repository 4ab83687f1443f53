package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** Expired trash is purged in batches, and only blobs nothing refers to lose their bytes. */
class GarbageCollectionTest {
    /** Past blob.inline-max (16 KiB): content of a file under the blob directory, whose deletion is the subject. */
    private static final String PAD = "-".repeat(17_000);

    @Test
    void purgedTrashFreesItsBlobsButSharedContentSurvives() throws Exception {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("gc"));
        String unique = "unique-" + UUID.randomUUID() + PAD;
        String shared = "shared-" + UUID.randomUUID() + PAD;
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(201);
        assertThat(dav.put("d/u.txt", unique).statusCode()).isEqualTo(201);
        assertThat(dav.put("d/s.txt", shared).statusCode()).isEqualTo(201);
        assertThat(dav.put("keep.txt", shared).statusCode()).isEqualTo(201); // same content: same blob
        String uniqueKey = keyOf(s, dav, "d/u.txt");
        String sharedKey = keyOf(s, dav, "keep.txt");
        assertThat(keyOf(s, dav, "d/s.txt")).isEqualTo(sharedKey);
        assertThat(dav.delete("d").statusCode()).isEqualTo(204);

        Database db = s.backend.database();
        assertThat(new TrashPurge(db, Duration.ZERO).run()).isGreaterThanOrEqualTo(3);
        new BlobCollector(db, s.backend.blobs(), Duration.ZERO, Duration.ofHours(24)).run();

        assertThat(Files.exists(s.backend.blobs().path(uniqueKey))).isFalse();
        assertThat(Files.exists(s.backend.blobs().path(sharedKey))).isTrue();
        assertThat(dav.get("keep.txt").body()).isEqualTo(shared);
        assertThat(dav.get("d/u.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void theServersCollectorReclaimsEmptiedTrashWithinMinutes() throws Exception {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("gcsoon"));
        assertThat(dav.put("old.txt", "stored a while ago " + UUID.randomUUID() + PAD)
                        .statusCode())
                .isEqualTo(201);
        String key = keyOf(s, dav, "old.txt");
        Database db = s.backend.database();
        // stored three minutes ago (the server's collector used to keep such bytes for an hour after they were stored)
        db.tx(c -> {
            try (var ps = c.prepareStatement(
                    "UPDATE blob_object SET created_at = NOW(3) - INTERVAL 3 MINUTE WHERE storage_key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
        assertThat(dav.delete("old.txt").statusCode()).isEqualTo(204);
        new TrashPurge(db, Duration.ZERO).run(); // the trash emptied

        BlobCollector.forServer(db, s.backend.blobs()).run();

        assertThat(Files.exists(s.backend.blobs().path(key))).isFalse();
    }

    @Test
    void anUploadOfTheSameContentWhileTheCollectorReclaimsItsBlobReadsBackWhole() throws Exception {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("gcrace"));
        Database db = s.backend.database();
        java.util.List<String> broken = new java.util.ArrayList<>();
        for (int round = 0; round < 20; round++) {
            String content = "same content " + UUID.randomUUID();
            assertThat(dav.put("gone.txt", content).statusCode()).isEqualTo(201);
            String key = keyOf(s, dav, "gone.txt");
            db.tx(c -> {
                try (var ps = c.prepareStatement(
                        "UPDATE blob_object SET created_at = NOW(3) - INTERVAL 3 MINUTE WHERE storage_key = ?")) {
                    ps.setString(1, key);
                    return ps.executeUpdate();
                }
            });
            assertThat(dav.delete("gone.txt").statusCode()).isEqualTo(204);
            new TrashPurge(db, Duration.ZERO).run(); // nothing refers to the blob any more
            // the collector and an upload of the very same content (which would reuse the blob) at once
            var start = new java.util.concurrent.CountDownLatch(1);
            var collector = java.util.concurrent.CompletableFuture.runAsync(() -> {
                await(start);
                BlobCollector.forServer(db, s.backend.blobs()).run();
            });
            var upload = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                await(start);
                return dav.put("again-" + 0 + ".txt", content).statusCode();
            });
            start.countDown();
            collector.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(upload.get(60, java.util.concurrent.TimeUnit.SECONDS)).isIn(201, 204);
            var read = dav.get("again-0.txt");
            if (read.statusCode() != 200 || !read.body().equals(content)) {
                broken.add("round " + round + ": " + read.statusCode());
            }
            assertThat(dav.delete("again-0.txt").statusCode()).isEqualTo(204);
        }
        assertThat(broken).as("uploads whose content was reclaimed under them").isEmpty();
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String keyOf(TestServer s, Dav dav, String path) {
        var node = s.backend
                .files()
                .resolve(
                        s.backend.users().find(dav.login).orElseThrow().principal(),
                        org.kiste.model.FilePath.parse(path))
                .node();
        return node.blob().key();
    }
}
