package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Spaces: a tree with a root, a trash container and a quota (a user's home now, team folders later). */
public final class SpaceRepository {
    public static final int HOME = 1;
    public static final int TEAM_FOLDER = 2;

    public record Space(
            long id,
            int kind,
            Long ownerUserId,
            String displayName,
            long rootNodeId,
            long trashNodeId,
            long quotaBytes) {}

    public Space byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, owner_user_id, display_name, root_node_id,"
                + " trash_node_id, quota_bytes FROM space WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long owner = rs.getLong(3);
                return new Space(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.wasNull() ? null : owner,
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7));
            }
        }
    }

    /** Creates a space with its root folder and its hidden trash container. */
    public Space create(
            Connection c, int kind, Long owner, String displayName, long quota, NodeRepository nodes, long now)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO space (kind, owner_user_id, display_name, quota_bytes)" + " VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, kind);
            NodeRepository.setNullable(ps, 2, owner);
            ps.setString(3, displayName);
            ps.setLong(4, quota);
            ps.executeUpdate();
            id = NodeRepository.generatedId(ps);
        }
        long root = nodes.insertFolder(c, id, null, "space-" + id, now, owner);
        long trash = nodes.insertFolder(c, id, null, "trash-" + id, now, owner);
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE space SET root_node_id = ?, trash_node_id = ? WHERE id = ?")) {
            ps.setLong(1, root);
            ps.setLong(2, trash);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        return new Space(id, kind, owner, displayName, root, trash, quota);
    }

    public void setQuota(Connection c, long id, long quota) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE space SET quota_bytes = ? WHERE id = ?")) {
            ps.setLong(1, quota);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The bytes of the dead properties in the space's live tree (what {@code prop_bytes} counts). */
    public long propBytes(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT prop_bytes FROM space WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Adds {@code delta} to the space's count of dead-property bytes, in the caller's transaction (the row stays
     * locked until it ends, so concurrent changes to one space's count follow each other).
     */
    public void addPropBytes(Connection c, long id, long delta) throws SQLException {
        if (delta == 0) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE space SET prop_bytes = GREATEST(0, prop_bytes + ?) WHERE id = ?")) {
            ps.setLong(1, delta);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * The space's quota, read from its row locked exclusively until the transaction ends: writes that add bytes to
     * one space decide on its quota one after the other. -1: unlimited (or the space is gone).
     */
    public long lockQuota(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quota_bytes FROM space WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /**
     * Deletes a space and every row in it or about it (account removal, a team folder's final purge): nodes, their
     * properties, favourites, journal, trash entries, locks, and the shares and links of its items with their
     * recipients' placements. Blobs are left to garbage collection.
     */
    public void purge(Connection c, long id) throws SQLException {
        for (String sql : new String[] {
            "DELETE m FROM share_mount m JOIN share s ON s.id = m.share_id JOIN node n ON n.id = s.node_id WHERE n.space_id = ?",
            "DELETE s FROM share s JOIN node n ON n.id = s.node_id WHERE n.space_id = ?",
            "DELETE FROM dav_lock WHERE space_id = ?",
            "DELETE p FROM dead_prop p JOIN node n ON n.id = p.node_id WHERE n.space_id = ?",
            "DELETE f FROM favorite f JOIN node n ON n.id = f.node_id WHERE n.space_id = ?",
            "DELETE fc FROM folder_change fc JOIN node n ON n.id = fc.folder_id WHERE n.space_id = ?",
            "DELETE FROM trash_item WHERE space_id = ?",
            "DELETE FROM change_log WHERE space_id = ?",
            "DELETE FROM node WHERE space_id = ?",
            "DELETE FROM space WHERE id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }
}
