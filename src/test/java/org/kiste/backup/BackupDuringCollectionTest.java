package org.kiste.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.store.BlobCollector;
import org.kiste.store.Database;
import org.kiste.store.TrashPurge;
import org.kiste.store.check.CheckContext;
import org.kiste.store.check.StoreChecker;
import org.kiste.testing.Dav;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;

/**
 * A backup while files are deleted, their trash purged and the blob collector run with no grace at all, over and
 * over: the lease keeps every blob the snapshot names on disk, so the backup completes and its restore is whole
 * (the store checker, reading every blob, finds nothing).
 */
class BackupDuringCollectionTest {
    private static final int FILES = 120;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void theCollectorTakesNothingASnapshotNames() throws Exception {
        TestServer ts = TestServer.get();
        Dav dav = ts.dav(ts.newUser("bkgc"));
        for (int i = 0; i < FILES; i++) {
            // past blob.inline-max (16 KiB): files the collector deletes and the backup copies
            assertThat(dav.put("f" + i + ".txt", "file " + i + " " + UUID.randomUUID() + "-".repeat(17_000))
                            .statusCode())
                    .isEqualTo(201);
        }
        Database db = ts.backend.database();
        BlobCollector eager =
                new BlobCollector(db, ts.backend.blobs(), Duration.ZERO, Duration.ZERO, Duration.ofHours(24));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger deleted = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(3);
        CompletableFuture<Void> deleter = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < FILES && !stop.get(); i++) {
                if (dav.delete("f" + i + ".txt").statusCode() == 204) {
                    deleted.incrementAndGet();
                }
                new TrashPurge(db, Duration.ZERO).run();
                eager.run();
                started.countDown();
            }
        });
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        Backend b = ts.backend;
        Path dir = root.resolve("backup");
        BackupCreate.Summary summary = new BackupCreate(b.config(), b.endpoint(), b.database(), b.blobs())
                .run(dir, new PrintWriter(new StringWriter()));
        stop.set(true);
        deleter.get(120, TimeUnit.SECONDS);
        System.out.printf("%s; %d files deleted and purged meanwhile%n", summary, deleted.get());

        Map<String, String> settings = TestDatabase.isolatedSettings(root.resolve("restored"));
        KisteConfig cfg = KisteConfig.from(new Settings(settings, Map.of()));
        new BackupRestore(cfg).run(dir, new PrintWriter(new StringWriter()));
        try (Backend restored = Backend.open(cfg, false)) {
            CheckContext check =
                    new CheckContext(restored.database(), restored.blobs(), true, false, Duration.ofHours(1));
            StoreChecker.standard().run(check);
            assertThat(check.findings()).as("fsck of the restored store").isEmpty();
        }
    }
}
