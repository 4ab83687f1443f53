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
    public record Trashed(Node node, long origParentId, String origName, long deletedAtMillis) {
    }

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
        return query(c, " WHERE t.space_id = ? AND t.orig_parent_id <> 0" + by
                + " ORDER BY t.deleted_at DESC, t.node_id DESC LIMIT ?", spaceId, limit);
    }

    /** One entry of the space, locked until the transaction ends; null when gone or being purged. */
    public Trashed lockEntry(Connection c, long spaceId, long nodeId) throws SQLException {
        List<Trashed> one = query(c, " WHERE t.space_id = ? AND t.node_id = ? AND t.orig_parent_id <> 0 FOR UPDATE",
                spaceId, nodeId);
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
                    long deleted = rs.getBigDecimal("deleted_s").movePointRight(3).longValue();
                    out.add(new Trashed(NodeRows.mapWithPending(rs, epoch.get()), rs.getLong("orig_parent_id"),
                            rs.getString("orig_name"), deleted));
                }
            }
        }
        return out;
    }

    /** Takes a restored entry out of the trash: the node goes into {@code parentId} as {@code name}. */
    public void restore(Connection c, long nodeId, long parentId, String name, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET parent_id = ?, name = ?, ctime = ? WHERE id = ?")) {
            ps.setLong(1, parentId);
            ps.setString(2, name);
            ps.setLong(3, now);
            ps.setLong(4, nodeId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM trash_item WHERE node_id = ?")) {
            ps.setLong(1, nodeId);
            ps.executeUpdate();
        }
    }

    /**
     * Marks entries as being purged (of one space, or of any space when {@code spaceId} is 0): from then on they are
     * neither listed nor restorable, and the purge can remove their rows in small steps. Returns how many it marked.
     */
    public int markPurging(Connection c, long spaceId, List<Long> nodeIds) throws SQLException {
        if (nodeIds.isEmpty()) {
            return 0;
        }
        StringBuilder in = new StringBuilder();
        for (long id : nodeIds) {
            in.append(in.length() == 0 ? "" : ",").append(id);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE trash_item SET orig_parent_id = 0 WHERE node_id IN (" + in
                + ")" + (spaceId == 0 ? "" : " AND space_id = " + spaceId))) {
            return ps.executeUpdate();
        }
    }

    public void detach(Connection c, long nodeId, long spaceId, long trashNodeId, long origParentId, String origName,
                       long size, Long actor, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET parent_id = ?, name = ?, ctime = ? WHERE id = ?")) {
            ps.setLong(1, trashNodeId);
            ps.setString(2, Long.toString(nodeId)); // ids are unique, so names in the trash container never clash
            ps.setLong(3, now);
            ps.setLong(4, nodeId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trash_item (node_id, space_id, orig_parent_id, orig_name,"
                + " size, deleted_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, spaceId);
            ps.setLong(3, origParentId);
            ps.setString(4, origName);
            ps.setLong(5, size);
            NodeRepository.setNullable(ps, 6, actor);
            ps.executeUpdate();
        }
    }
}
