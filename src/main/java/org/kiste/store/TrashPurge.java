package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes trashed subtrees older than the retention period, in bounded batches (small transactions, resumable:
 * a crash only leaves a smaller subtree, still marked, which the next run finishes). Blob bytes are left to
 * {@link BlobCollector}.
 */
public final class TrashPurge {
    private static final Logger log = LoggerFactory.getLogger(TrashPurge.class);
    private static final int BATCH = 1000;
    private static final int MAX_ITEMS_PER_RUN = 200;

    private final Database db;
    private final Duration retention;

    public TrashPurge(Database db, Duration retention) {
        this.db = db;
        this.retention = retention;
    }

    /** Purges expired trash items; returns the number of nodes removed. */
    public int run() {
        List<Long> items = db.read(c -> {
            List<Long> out = new ArrayList<>();
            // at or past the retention: with none, an item deleted in this very millisecond goes too
            try (PreparedStatement ps = c.prepareStatement("SELECT node_id FROM trash_item"
                    + " WHERE deleted_at <= NOW(3) - INTERVAL ? SECOND ORDER BY deleted_at LIMIT "
                    + MAX_ITEMS_PER_RUN)) {
                ps.setLong(1, retention.toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
        // marked first: a restore racing with the purge must not bring back a half-removed subtree, and only what
        // this run marked is removed
        List<Long> marked = items.isEmpty() ? List.of() : db.tx(c -> new TrashRepository().markPurging(c, 0, items));
        int removed = 0;
        for (long item : marked) {
            removed += purgeSubtree(item);
        }
        if (removed > 0) {
            log.info("purged {} expired trash items ({} nodes)", marked.size(), removed);
        }
        // items marked earlier whose purge a crash or a failure cut short: marked, they are neither listed nor
        // restorable, so only finishing them frees their rows (a purge still running elsewhere is harmless: every
        // step deletes by id and may run twice)
        List<Long> unfinished = marked(MAX_ITEMS_PER_RUN);
        int resumed = 0;
        for (long item : unfinished) {
            resumed += purgeSubtree(item);
        }
        if (!unfinished.isEmpty()) {
            log.info("finished purging {} trash items cut short earlier ({} nodes)", unfinished.size(), resumed);
        }
        return removed + resumed;
    }

    /** Trash items marked as being purged, up to {@code limit}. */
    private List<Long> marked(int limit) {
        return db.read(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT node_id FROM trash_item WHERE orig_parent_id = 0 ORDER BY node_id LIMIT " + limit)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    /** Deletes one trashed subtree and its trash record. Rows have no foreign keys, so order does not matter. */
    public int purgeSubtree(long rootId) {
        int removed = 0;
        while (true) {
            List<Long> ids = db.read(c -> subtree(c, rootId, BATCH));
            if (ids.isEmpty()) {
                break;
            }
            // delete leaves before their folders so a crash never leaves a child whose parent is gone
            db.tx(c -> {
                deleteIds(c, "DELETE FROM dead_prop WHERE node_id IN ", ids);
                deleteIds(c, "DELETE FROM favorite WHERE node_id IN ", ids);
                deleteIds(c, "DELETE FROM folder_change WHERE folder_id IN ", ids);
                deleteIds(c, "DELETE FROM node WHERE id IN ", ids);
                return null;
            });
            removed += ids.size();
            if (ids.contains(rootId)) {
                break;
            }
        }
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM trash_item WHERE node_id = ?")) {
                ps.setLong(1, rootId);
                ps.executeUpdate();
            }
            return null;
        });
        return removed;
    }

    /** Up to {@code limit} ids of the subtree, deepest first. */
    private static List<Long> subtree(Connection c, long rootId, int limit) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE sub (id, depth) AS ("
                + " SELECT id, 0 FROM node WHERE id = ?"
                + " UNION ALL SELECT n.id, sub.depth + 1 FROM node n JOIN sub ON n.parent_id = sub.id WHERE sub.depth < 1000)"
                + " SELECT id FROM sub ORDER BY depth DESC LIMIT ?")) {
            ps.setLong(1, rootId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static void deleteIds(Connection c, String sqlPrefix, List<Long> ids) throws SQLException {
        StringBuilder in = new StringBuilder("(");
        for (int i = 0; i < ids.size(); i++) {
            in.append(i == 0 ? "" : ",").append(ids.get(i).longValue());
        }
        try (PreparedStatement ps = c.prepareStatement(sqlPrefix + in + ")")) {
            ps.executeUpdate();
        }
    }
}
