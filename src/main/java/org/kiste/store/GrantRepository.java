package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What still grants a user (or a link's visitor) their access to a mounted item, read with locking reads: the rows
 * that grant it are held shared until the transaction ends, so a revocation (a share deleted or narrowed, a member
 * removed from a group, a grant taken back) either commits before and is seen, or waits until after.
 */
public final class GrantRepository {

    /** The permission bits of link share {@code shareId} while it is live (not expired); -1 when it is not. */
    public int linkBits(Connection c, long shareId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT permissions FROM share WHERE id = ? AND share_type = 3"
                + " AND (expires_on IS NULL OR expires_on >= UTC_DATE()) LOCK IN SHARE MODE")) {
            ps.setLong(1, shareId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /**
     * The union of the permission bits of the live user and group shares of {@code nodeId} that reach
     * {@code userId} (directly or through a group); -1 when none does.
     */
    public int receivedBits(Connection c, long userId, long nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.permissions FROM share s"
                + " LEFT JOIN group_member gm ON s.share_type = 1 AND gm.group_id = s.share_with_group_id"
                + " AND gm.user_id = ?"
                + " WHERE s.node_id = ? AND s.share_type IN (0, 1) AND s.owner_user_id <> ?"
                + " AND (s.expires_on IS NULL OR s.expires_on >= UTC_DATE())"
                + " AND (s.share_with_user_id = ? OR gm.user_id IS NOT NULL) LOCK IN SHARE MODE")) {
            ps.setLong(1, userId);
            ps.setLong(2, nodeId);
            ps.setLong(3, userId);
            ps.setLong(4, userId);
            int bits = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bits = (bits < 0 ? 0 : bits) | rs.getInt(1);
                }
            }
            return bits;
        }
    }

    /**
     * The code of the strongest role that the grants of live team folder {@code spaceId} give {@code userId}
     * (directly or through a group); 0 when none does.
     */
    public int teamRole(Connection c, long userId, long spaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fg.role FROM folder_grant fg"
                + " JOIN team_folder t ON t.space_id = fg.space_id AND t.state = 0"
                + " LEFT JOIN group_member gm ON fg.subject_type = 2 AND gm.group_id = fg.subject_id"
                + " AND gm.user_id = ?"
                + " WHERE fg.space_id = ? AND ((fg.subject_type = 1 AND fg.subject_id = ?) OR gm.user_id IS NOT NULL)"
                + " LOCK IN SHARE MODE")) {
            ps.setLong(1, userId);
            ps.setLong(2, spaceId);
            ps.setLong(3, userId);
            int role = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    role = Math.max(role, rs.getInt(1));
                }
            }
            return role;
        }
    }
}
