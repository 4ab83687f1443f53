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
