package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.FilePath;
import org.kiste.server.KisteServer;
import org.kiste.testing.Dav;
import org.kiste.testing.TestDatabase;

/**
 * While a backup holds a lease the blob collector deletes nothing: neither a blob whose last reference went (the
 * snapshot may name it) nor bytes no row names. Released, or expired without renewal, the lease stops nothing, and
 * an expired lease cannot be renewed. Each test has a database of its own: a lease any other test holds (a backup it
 * killed leaves one for the lease period) would rightly keep the collector waiting.
 */
class BackupLeaseTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    /** A server on a database and data directory of its own, with one user. */
    private record Isolated(Backend backend, KisteServer server, Dav dav) implements AutoCloseable {
        static Isolated start(Path dir) throws Exception {
            Map<String, String> s = TestDatabase.isolatedSettings(dir);
            s.put("port", "0");
            s.put("bind", "127.0.0.1");
            s.put("blob.inline-max", "0"); // every content a file under the blob directory, as the lease keeps them
            Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
            KisteServer server = new KisteServer(backend);
            server.start();
            backend.users().add("lease", "pw-lease", false, null, null, -1);
            return new Isolated(backend, server, new Dav("http://127.0.0.1:" + server.port(), "lease", "pw-lease"));
        }

        @Override
        public void close() throws Exception {
            try {
                server.stop();
            } finally {
                backend.close();
            }
        }
    }

    @Test
    void theCollectorDeletesNothingWhileALeaseIsHeld() throws Exception {
        try (Isolated s = Isolated.start(root.resolve("held"))) {
            heldLease(s);
        }
    }

    private static void heldLease(Isolated s) throws Exception {
        Dav dav = s.dav();
        assertThat(dav.put("snap.txt", "named by a snapshot " + UUID.randomUUID())
                        .statusCode())
                .isEqualTo(201);
        String key = s.backend()
                .files()
                .resolve(s.backend().users().find(dav.login).orElseThrow().principal(), FilePath.parse("snap.txt"))
                .node()
                .blob()
                .key();
        Database db = s.backend().database();
        BackupLeases leases = new BackupLeases(db);
        BlobCollector collector = new BlobCollector(db, s.backend().blobs(), Duration.ZERO, Duration.ofHours(24));
        Path orphan = s.backend().blobs().path(s.backend().blobs().newKey());
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "bytes no row names");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        String token = leases.take("test", Duration.ofMinutes(10));
        try {
            // the snapshot was taken: now the file goes, and with it the blob's last reference
            assertThat(dav.delete("snap.txt").statusCode()).isEqualTo(204);
            new TrashPurge(db, Duration.ZERO).run();
            assertThat(collector.run()).isZero();
            assertThat(collector.sweep(s.backend().blobs().parts())).isZero();
            assertThat(Files.exists(s.backend().blobs().path(key)))
                    .as("the snapshot's blob")
                    .isTrue();
            assertThat(Files.exists(orphan)).isTrue();
            assertThat(leases.renew(token, Duration.ofMinutes(10))).isTrue();
        } finally {
            leases.release(token);
        }
        assertThat(purgedAndCollected(db, collector, s.backend().blobs().path(key)))
                .as("reclaimed once the lease is gone")
                .isTrue();
        collector.sweep(s.backend().blobs().parts());
        assertThat(Files.exists(orphan)).isFalse();
    }

    @Test
    void anExpiredLeaseStopsNothingAndCannotBeRenewed() throws Exception {
        try (Isolated s = Isolated.start(root.resolve("expired"))) {
            expiredLease(s);
        }
    }

    private static void expiredLease(Isolated s) throws Exception {
        Dav dav = s.dav();
        assertThat(dav.put("old.txt", "left by a killed backup " + UUID.randomUUID())
                        .statusCode())
                .isEqualTo(201);
        String key = s.backend()
                .files()
                .resolve(s.backend().users().find(dav.login).orElseThrow().principal(), FilePath.parse("old.txt"))
                .node()
                .blob()
                .key();
        Database db = s.backend().database();
        BackupLeases leases = new BackupLeases(db);
        String token = leases.take("a backup that was killed", Duration.ZERO);
        try {
            assertThat(leases.anyHeld()).isFalse();
            assertThat(leases.renew(token, Duration.ofMinutes(10))).isFalse();
            assertThat(dav.delete("old.txt").statusCode()).isEqualTo(204);
            BlobCollector collector = new BlobCollector(db, s.backend().blobs(), Duration.ZERO, Duration.ofHours(24));
            assertThat(purgedAndCollected(db, collector, s.backend().blobs().path(key)))
                    .as("the expired lease keeps nothing")
                    .isTrue();
        } finally {
            leases.release(token);
        }
    }

    /**
     * Purges the trash and runs the collector until the blob file is gone, at most 20 passes 50 ms apart: the purge
     * and the collector take what is older than now to the millisecond of the database's clock, so a pass right
     * after the delete may find nothing yet. A lease that holds keeps the blob through every pass.
     */
    private static boolean purgedAndCollected(Database db, BlobCollector collector, Path blob) throws Exception {
        for (int pass = 0; pass < 20; pass++) {
            new TrashPurge(db, Duration.ZERO).run();
            collector.run();
            if (!Files.exists(blob)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
