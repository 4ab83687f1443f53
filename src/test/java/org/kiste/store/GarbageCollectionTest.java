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

    @Test
    void purgedTrashFreesItsBlobsButSharedContentSurvives() throws Exception {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("gc"));
        String unique = "unique-" + UUID.randomUUID();
        String shared = "shared-" + UUID.randomUUID();
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
        assertThat(dav.put("old.txt", "stored a while ago " + UUID.randomUUID()).statusCode())
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
