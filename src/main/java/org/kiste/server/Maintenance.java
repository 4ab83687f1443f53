package org.kiste.server;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.kiste.auth.LoginFlows;
import org.kiste.store.BlobCollector;
import org.kiste.store.Database;
import org.kiste.store.TrashPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic housekeeping: purge expired trash, then reclaim unreferenced blobs, and drop expired login flows. Each job runs in one server
 * process at a time (a named database lock), so several processes can share one database.
 */
final class Maintenance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final Database db;
    private final TrashPurge purge;
    private final BlobCollector collector;
    private final LoginFlows loginFlows;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiste-maintenance");
        t.setDaemon(true);
        return t;
    });

    Maintenance(Database db, TrashPurge purge, BlobCollector collector, LoginFlows loginFlows) {
        this.db = db;
        this.purge = purge;
        this.collector = collector;
        this.loginFlows = loginFlows;
    }

    void start(Duration period) {
        timer.scheduleWithFixedDelay(this::round, 60, period.toSeconds(), TimeUnit.SECONDS);
    }

    private void round() {
        exclusively("kiste.trash-purge", purge::run);
        exclusively("kiste.blob-gc", collector::run);
        exclusively("kiste.login-flow-purge", loginFlows::purgeExpired);
    }

    private void exclusively(String lockName, IntSupplier job) {
        try {
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                    ps.setString(1, lockName);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != 1) {
                            return 0;
                        }
                    }
                }
                try {
                    return job.getAsInt();
                } finally {
                    try (PreparedStatement ps = c.prepareStatement("DO RELEASE_LOCK(?)")) {
                        ps.setString(1, lockName);
                        ps.execute();
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", lockName, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
