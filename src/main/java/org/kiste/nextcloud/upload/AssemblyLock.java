package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import org.kiste.store.Database;

/**
 * One assembly (or removal) of a transfer at a time, across threads and across server processes sharing the
 * database: a MariaDB named lock ({@code GET_LOCK} with no wait), held on its own connection while the work runs
 * and released by the server if the process dies. The name is a hash of the schema, the account and the transfer
 * id, since named locks are global to a MariaDB server and limited to 64 characters.
 */
public final class AssemblyLock {
    private static final String NAME = "CONCAT('kiste-upload-', SHA1(CONCAT(COALESCE(DATABASE(), ''), '/', ?, '/', ?)))";

    /** Work done while holding the lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private final Database db;
    /** Each holder pins a pooled connection for its whole run; this keeps enough of the pool for everything else. */
    private final Semaphore holders;

    public AssemblyLock(Database db, int maxHolders) {
        this.db = db;
        this.holders = new Semaphore(Math.max(1, maxHolders), true);
    }

    /** Runs {@code work} holding the transfer's lock; {@link TransferBusyException} when someone else holds it. */
    public <T> T exclusively(long userId, String transfer, Work<T> work) throws IOException {
        try {
            holders.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an assembly slot");
        }
        try {
            return db.read(c -> {
                if (!acquire(c, userId, transfer)) {
                    throw new TransferBusyException(transfer);
                }
                try {
                    return work.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    release(c, userId, transfer);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            holders.release();
        }
    }

    /** True while someone holds the transfer's lock (a snapshot: it may be taken or freed right after). */
    public boolean busy(long userId, String transfer) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT IS_USED_LOCK(" + NAME + ") IS NOT NULL")) {
                ps.setLong(1, userId);
                ps.setString(2, transfer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    private static boolean acquire(Connection c, long userId, String transfer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(" + NAME + ", 0)")) {
            ps.setLong(1, userId);
            ps.setString(2, transfer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    private static void release(Connection c, long userId, String transfer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DO RELEASE_LOCK(" + NAME + ")")) {
            ps.setLong(1, userId);
            ps.setString(2, transfer);
            ps.execute();
        }
    }
}
