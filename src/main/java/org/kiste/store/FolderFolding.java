package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background job that merges pending {@code folder_change} rows into their folder rows. Readers add pending
 * rows to the folded values, and folding moves a count from one side to the other, so a folder's etag does not
 * change when folding runs. One server process folds at a time ({@code GET_LOCK}). Each folder is folded in a
 * transaction of its own: its pending rows are locked and deleted first and its row is updated last. Uploads into
 * it hold that row shared until they commit; once the fold asks for the row (it waits for the uploads that hold it,
 * and uploads that come after queue behind it) until its commit, they wait for it, but not while it deletes.
 */
public final class FolderFolding implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FolderFolding.class);
    private static final int FOLDERS_PER_ROUND = 200;
    private static final int ROWS_PER_FOLDER = 5000;

    private final Database db;
    private final ScheduledExecutorService timer;

    public FolderFolding(Database db) {
        this.db = db;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiste-fold");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(long periodMillis) {
        timer.scheduleWithFixedDelay(this::safeRound, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void safeRound() {
        try {
            foldAll(20);
        } catch (RuntimeException e) {
            log.warn("folding folder changes failed: {}", e.getMessage());
        }
    }

    /** Folds until nothing is pending or {@code maxRounds} rounds ran; returns the rows folded. */
    public int foldAll(int maxRounds) {
        int total = 0;
        for (int i = 0; i < maxRounds; i++) {
            int n = foldRound();
            total += n;
            if (n == 0) {
                break;
            }
        }
        return total;
    }

    private int foldRound() {
        return db.read(c -> {
            if (!acquire(c)) {
                return 0;
            }
            try {
                List<Long> folders = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT DISTINCT folder_id FROM folder_change LIMIT " + FOLDERS_PER_ROUND);
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        folders.add(rs.getLong(1));
                    }
                }
                int rows = 0;
                for (long f : folders) {
                    rows += foldFolder(c, f);
                }
                return rows;
            } finally {
                release(c);
            }
        });
    }

    private int foldFolder(Connection c, long folder) throws SQLException {
        c.setAutoCommit(false);
        try {
            List<Long> ids = new ArrayList<>();
            long count = 0;
            long size = 0;
            long mtime = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT change_id, size_delta, mtime FROM folder_change WHERE folder_id = ? LIMIT "
                            + ROWS_PER_FOLDER + " FOR UPDATE")) {
                ps.setLong(1, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        count++;
                        size += rs.getLong(2);
                        mtime = Math.max(mtime, rs.getLong(3));
                    }
                }
            }
            if (ids.isEmpty()) {
                c.commit();
                return 0;
            }
            // delete exactly the rows read (change ids are not commit-ordered, so "<= max" could drop a late one),
            // each by its whole primary key in one batch: a long IN list over a table whose statistics say it is
            // nearly empty (its rows come and go all the time) was planned as a scan of the whole table, once per
            // folder
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM folder_change WHERE folder_id = ? AND change_id = ?")) {
                for (long id : ids) {
                    ps.setLong(1, folder);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // the folder row last: uploads into the folder hold it shared, so they wait only from here to the commit,
            // not while the rows are deleted
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE node SET tree_version = tree_version + ?, size = size + ?, mtime = GREATEST(mtime, ?) WHERE id = ?")) {
                ps.setLong(1, count);
                ps.setLong(2, size);
                ps.setLong(3, mtime);
                ps.setLong(4, folder);
                ps.executeUpdate();
            }
            c.commit();
            return ids.size();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean acquire(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK('kiste.fold', 0)");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private static void release(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DO RELEASE_LOCK('kiste.fold')")) {
            ps.execute();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
