package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;

/** The housekeeping job removes transfers untouched for uploads.max-age, never one being assembled. */
class TransferExpiryTest {
    private static final TestServer s = TestServer.get();
    private static final Duration MAX_AGE = Duration.ofHours(24);

    private static Clock later(Duration d) {
        return Clock.offset(Clock.systemUTC(), d);
    }

    private static void chunk(ChunkStore store, String transfer, String name) throws Exception {
        store.write(7, transfer, name, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, -1);
    }

    @Test
    void abandonedTransfersAreRemovedAfterTheMaxAge() throws Exception {
        Path blobDir = TestDatabase.tempDir("kiste-expiry-");
        ChunkStore store = new ChunkStore(blobDir);
        AssemblyLock lock = s.backend.chunkedUploads().lock();
        assertThat(store.create(7, "old")).isTrue();
        chunk(store, "old", "1");
        assertThat(store.create(7, "busy")).isTrue();
        Path stalePart = blobDir.resolve("uploads/.parts/0123456789abcdef0123456789abcdef.part");
        Files.write(stalePart, new byte[] {9});

        // a day later than now minus a little: nothing has reached the maximum age yet
        assertThat(new TransferExpiry(store, lock, MAX_AGE, later(Duration.ofHours(23))).run()).isZero();
        assertThat(store.transfer(7, "old")).isPresent();

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> assembling = pool.submit(() -> lock.exclusively(7, "busy", () -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            int removed = new TransferExpiry(store, lock, MAX_AGE, later(Duration.ofHours(25))).run();
            release.countDown();
            assembling.get(30, TimeUnit.SECONDS);
            assertThat(removed).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(store.transfer(7, "old")).isEmpty();
        assertThat(store.transfer(7, "busy")).as("being assembled: kept").isPresent();
        assertThat(stalePart).doesNotExist();

        // a fresh transfer survives a run at the real time
        assertThat(store.create(7, "fresh")).isTrue();
        assertThat(new TransferExpiry(store, lock, MAX_AGE, Clock.systemUTC()).run()).isZero();
        assertThat(store.transfer(7, "fresh")).isPresent();
    }
}
