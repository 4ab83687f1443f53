package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.kiste.model.Node;

/**
 * Deleting detaches a subtree under the space's trash container: one row update, whatever its size. A trash entry
 * whose {@code orig_parent_id} is 0 is being purged: it can no longer be listed or restored.
 */
public final class TrashRepository {
    /** What was deleted, from where, and when. */
    public record Trashed(Node node, long origParentId, String origName, long deletedAtMillis) {}

    private final Supplier<String> epoch;

    public TrashRepository() {
        this(() -> "");
    }

    /** @param epoch the etag epoch (see {@link NodeRepository#epoch()}), for the listed nodes */
    public TrashRepository(Supplier<String> epoch) {
        this.epoch = epoch;
    }

    /** The space's trash entries (only those {@code deletedBy} deleted, unless it is 0), newest first. */
    public List<Trashed> list(Connection c, long spaceId, long deletedBy, int limit) throws SQLException {
        String by = deletedBy == 0 ? "" : " AND t.deleted_by = " + deletedBy;
        return query(
                c,
                " WHERE t.space_id = ? AND t.orig_parent_id <> 0" + by
                        + " ORDER BY t.deleted_at DESC, t.node_id DESC LIMIT ?",
                spaceId,
                limit);
    }

    /** One entry of the space, locked until the transaction ends; null when gone or being purged. */
    public Trashed lockEntry(Connection c, long spaceId, long nodeId) throws SQLException {
        // the entry and its node are locked; the blob row the node names is not (many files may share it)
        try (PreparedStatement ps =
                c.prepareStatement("SELECT t.node_id FROM trash_item t JOIN node n ON n.id = t.node_id"
                        + " WHERE t.space_id = ? AND t.node_id = ? AND t.orig_parent_id <> 0 FOR UPDATE")) {
            ps.setLong(1, spaceId);
            ps.setLong(2, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
            }
        }
        List<Trashed> one =
                query(c, " WHERE t.space_id = ? AND t.node_id = ? AND t.orig_parent_id <> 0", spaceId, nodeId);
        return one.isEmpty() ? null : one.get(0);
    }

    /** One entry of the space as it is now, without locking it; null when gone or being purged. */
    public Trashed entry(Connection c, long spaceId, long nodeId) throws SQLException {
        List<Trashed> one =
                query(c, " WHERE t.space_id = ? AND t.node_id = ? AND t.orig_parent_id <> 0", spaceId, nodeId);
        return one.isEmpty() ? null : one.get(0);
    }

    private List<Trashed> query(Connection c, String where, long a, long b) throws SQLException {
        String sql = "SELECT " + NodeRows.COLUMNS + ", " + NodeRows.PENDING + ", t.orig_parent_id, t.orig_name,"
                // in the zone the row was written in (CURRENT_TIMESTAMP), whatever the server's zone
                + " UNIX_TIMESTAMP(t.deleted_at) AS deleted_s"
                + NodeRows.FROM + " JOIN trash_item t ON t.node_id = n.id" + where;
        List<Trashed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long deleted =
                            rs.getBigDecimal("deleted_s").movePointRight(3).longValue();
                    out.add(new Trashed(
                            NodeRows.mapWithPending(rs, epoch.get()),
                            rs.getLong("orig_parent_id"),
                            rs.getString("orig_name"),
                            deleted));
                }
            }
        }
        return out;
    }

    /**
     * Takes a restored entry out of the trash: the node goes from the trash container {@code trashNodeId} into
     * {@code parentId} as {@code name}; false when it is no longer in the trash container.
     */
    public boolean restore(Connection c, long nodeId, long trashNodeId, long parentId, String name, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE node SET parent_id = ?, name = ?, ctime = ? WHERE id = ? AND parent_id = ?")) {
            ps.setLong(1, parentId);
            ps.setString(2, name);
            ps.setLong(3, now);
            ps.setLong(4, nodeId);
            ps.setLong(5, trashNodeId);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM trash_item WHERE node_id = ?")) {
            ps.setLong(1, nodeId);
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Marks entries as being purged, of one space ({@code spaceId} 0: of any space): from then on they are neither
     * listed nor restorable, and the purge can remove their rows in small steps. Only entries still in the trash and
     * not yet marked are marked, each by one caller only; returns the ids this call marked, the ones to purge.
     */
    public List<Long> markPurging(Connection c, long spaceId, List<Long> nodeIds) throws SQLException {
        if (nodeIds.isEmpty()) {
            return List.of();
        }
        StringBuilder in = new StringBuilder();
        for (long id : nodeIds) {
            in.append(in.length() == 0 ? "" : ",").append(id);
        }
        List<Long> marked = new ArrayList<>();
        // the node must still hang in its space's trash container: a restored one is live again
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT t.node_id FROM trash_item t JOIN space s ON s.id = t.space_id"
                                + " JOIN node n ON n.id = t.node_id AND n.parent_id = s.trash_node_id"
                                + " WHERE t.node_id IN (" + in + ") AND t.orig_parent_id <> 0"
                                + (spaceId == 0 ? "" : " AND t.space_id = " + spaceId)
                                + " ORDER BY t.node_id FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                marked.add(rs.getLong(1));
            }
        }
        if (marked.isEmpty()) {
            return marked;
        }
        StringBuilder ids = new StringBuilder();
        for (long id : marked) {
            ids.append(ids.length() == 0 ? "" : ",").append(id);
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE trash_item SET orig_parent_id = 0 WHERE node_id IN (" + ids + ")")) {
            ps.executeUpdate();
        }
        return marked;
    }

    /**
     * Detaches a node into its space's trash container, if it still hangs where {@code expected} says; false when a
     * concurrent write moved it first.
     */
    public boolean detach(
            Connection c, long nodeId, Placement expected, long trashNodeId, long size, Long actor, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET parent_id = ?, name = ?, ctime = ?"
                + " WHERE id = ? AND parent_id = ? AND name = ? AND space_id = ?")) {
            ps.setLong(1, trashNodeId);
            ps.setString(2, Long.toString(nodeId)); // ids are unique, so names in the trash container never clash
            ps.setLong(3, now);
            ps.setLong(4, nodeId);
            ps.setLong(5, expected.parentId());
            ps.setString(6, expected.name());
            ps.setLong(7, expected.spaceId());
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO trash_item (node_id, space_id, orig_parent_id, orig_name,"
                        + " size, deleted_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, expected.spaceId());
            ps.setLong(3, expected.parentId());
            ps.setString(4, expected.name());
            ps.setLong(5, size);
            NodeRepository.setNullable(ps, 6, actor);
            ps.executeUpdate();
        }
        return true;
    }
}
