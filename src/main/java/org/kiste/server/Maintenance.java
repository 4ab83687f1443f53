package org.kiste.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.kiste.store.BlobCollector;
import org.kiste.store.Database;
import org.kiste.store.NamedLock;
import org.kiste.store.TrashPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic housekeeping: purge expired trash, then reclaim unreferenced blobs (and sweep part of the store for bytes
 * no row names), then the other jobs (version expiry, whose bytes the next round's collector reclaims, abandoned
 * chunked uploads, expired login flows, forgotten password throttles). Each job runs in one server
 * process at a time (a named database lock), so several processes can share one database.
 */
final class Maintenance implements AutoCloseable {
    /** A periodic job, run under the named database lock {@code lockName}; returns how much it did. */
    record Job(String lockName, IntSupplier run) {}

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    /** Parts of the blob store swept per round for bytes no row names (a full pass takes 32 rounds). */
    private static final int SWEEP_PARTS = 8;

    private final Database db;
    private final TrashPurge purge;
    private final BlobCollector collector;
    private final List<Job> jobs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiste-maintenance");
        t.setDaemon(true);
        return t;
    });

    Maintenance(Database db, TrashPurge purge, BlobCollector collector, List<Job> jobs) {
        this.db = db;
        this.purge = purge;
        this.collector = collector;
        this.jobs = List.copyOf(jobs);
    }

    void start(Duration period) {
        timer.scheduleWithFixedDelay(this::round, 60, period.toSeconds(), TimeUnit.SECONDS);
    }

    private void round() {
        exclusively("kiste.trash-purge", purge::run);
        exclusively("kiste.blob-gc", () -> collector.run() + collector.sweep(SWEEP_PARTS));
        for (Job j : jobs) {
            exclusively(j.lockName(), j.run());
        }
    }

    private void exclusively(String lockName, IntSupplier job) {
        try {
            NamedLock.exclusively(db, lockName, job);
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", lockName, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
