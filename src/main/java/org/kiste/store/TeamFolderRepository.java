package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.Grant;
import org.kiste.model.Role;
import org.kiste.model.Subject;

/** Team folders (spaces of kind 2 with a mount name and a state) and the grants on them. */
public final class TeamFolderRepository {
    public static final int LIVE = 0;
    public static final int TRASHED = 1;

    /** A team folder row with its space's quota and root. */
    public record Row(long spaceId, String name, int state, long quotaBytes, long rootNodeId) {
        public boolean trashed() {
            return state == TRASHED;
        }
    }

    /** A team folder a user sees, with the strongest role among their own grant and their groups' grants. */
    public record Visible(long spaceId, String name, long rootNodeId, Role role) {}

    private static final String SELECT = "SELECT t.space_id, t.name, t.state, s.quota_bytes, s.root_node_id"
            + " FROM team_folder t JOIN space s ON s.id = t.space_id";

    public void insert(Connection c, long spaceId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO team_folder (space_id, name) VALUES (?, ?)")) {
            ps.setLong(1, spaceId);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    /** The live team folder of that name, or null. */
    public Row live(Connection c, String name) throws SQLException {
        return one(c, SELECT + " WHERE t.live_name = ?", name);
    }

    /** The live team folder of that name, its rows locked exclusively until the transaction ends; null if none. */
    public Row lockLive(Connection c, String name) throws SQLException {
        return one(c, SELECT + " WHERE t.live_name = ? FOR UPDATE", name);
    }

    /** True when the space is a team folder in the organisation's trash; its row stays locked until the end. */
    public boolean lockTrashed(Connection c, long spaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM team_folder WHERE space_id = ? FOR UPDATE")) {
            ps.setLong(1, spaceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == TRASHED;
            }
        }
    }

    /** The most recently trashed team folder of that name, or null. */
    public Row trashed(Connection c, String name) throws SQLException {
        return one(
                c,
                SELECT + " WHERE t.name = ? AND t.state = 1 ORDER BY t.deleted_at DESC, t.space_id DESC LIMIT 1",
                name);
    }

    /** Team folders in the organisation's trash since before {@code cutoff} (UTC), oldest first. */
    public List<Row> trashedBefore(Connection c, java.time.LocalDateTime cutoff, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                SELECT + " WHERE t.state = 1 AND t.deleted_at < ?" + " ORDER BY t.deleted_at, t.space_id LIMIT ?")) {
            ps.setObject(1, cutoff);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    /** Forgets a purged team folder: its row and its grants. */
    public void forget(Connection c, long spaceId) throws SQLException {
        for (String sql : new String[] {
            "DELETE FROM folder_grant WHERE space_id = ?", "DELETE FROM team_folder WHERE space_id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, spaceId);
                ps.executeUpdate();
            }
        }
    }

    /** Live folders first, then the trash; each by name. */
    public List<Row> all(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY t.state, t.name, t.space_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(map(rs));
            }
        }
        return out;
    }

    public void rename(Connection c, long spaceId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE team_folder t JOIN space s ON s.id = t.space_id"
                + " SET t.name = ?, s.display_name = ? WHERE t.space_id = ?")) {
            ps.setString(1, name);
            ps.setString(2, name);
            ps.setLong(3, spaceId);
            ps.executeUpdate();
        }
    }

    /** Moves a team folder into the organisation's trash (state 1) or back out of it (state 0). */
    public void setState(Connection c, long spaceId, int state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE team_folder SET state = ?,"
                + " deleted_at = IF(? = 1, UTC_TIMESTAMP(3), NULL) WHERE space_id = ?")) {
            ps.setInt(1, state);
            ps.setInt(2, state);
            ps.setLong(3, spaceId);
            ps.executeUpdate();
        }
    }

    // ---- grants --------------------------------------------------------------------------------------------

    /** Sets the subject's role; returns the role it had before, or null when this is a new grant. */
    public Role grant(Connection c, long spaceId, Subject subject, Role role, String grantedBy) throws SQLException {
        Role before = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT role FROM folder_grant"
                + " WHERE space_id = ? AND subject_type = ? AND subject_id = ? FOR UPDATE")) {
            ps.setLong(1, spaceId);
            ps.setInt(2, subject.type().code);
            ps.setLong(3, subject.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    before = Role.of(rs.getInt(1));
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO folder_grant (space_id, subject_type, subject_id, role,"
                        + " granted_by, granted_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE"
                        + " role = VALUES(role), granted_by = VALUES(granted_by), granted_at = VALUES(granted_at)")) {
            ps.setLong(1, spaceId);
            ps.setInt(2, subject.type().code);
            ps.setLong(3, subject.id());
            ps.setInt(4, role.code);
            ps.setString(5, grantedBy);
            ps.executeUpdate();
        }
        return before;
    }

    /** False when the subject had no grant on the folder. */
    public boolean revoke(Connection c, long spaceId, Subject subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM folder_grant" + " WHERE space_id = ? AND subject_type = ? AND subject_id = ?")) {
            ps.setLong(1, spaceId);
            ps.setInt(2, subject.type().code);
            ps.setLong(3, subject.id());
            return ps.executeUpdate() == 1;
        }
    }

    /** The grants on a folder with the names of their subjects: groups first, then users, each by name. */
    public List<Grant> grants(Connection c, long spaceId) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT fg.subject_type, fg.subject_id,"
                + " COALESCE(g.name, u.login) AS subject_name, fg.role, fg.granted_by, fg.granted_at FROM folder_grant fg"
                + " LEFT JOIN user_group g ON fg.subject_type = 2 AND g.id = fg.subject_id"
                + " LEFT JOIN user_account u ON fg.subject_type = 1 AND u.id = fg.subject_id"
                + " WHERE fg.space_id = ? ORDER BY fg.subject_type DESC, subject_name")) {
            ps.setLong(1, spaceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(
                            new Subject(Subject.Type.of(rs.getInt(1)), rs.getLong(2), rs.getString(3)),
                            Role.of(rs.getInt(4)),
                            rs.getString(5),
                            rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
            }
        }
        return out;
    }

    /**
     * The live team folders a user sees, by name, each with the strongest of the user's direct grant and the
     * grants of every group the user is in. One indexed query (grants by subject, memberships by user).
     */
    public List<Visible> visibleTo(Connection c, long userId) throws SQLException {
        List<Visible> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.space_id, t.name, s.root_node_id, MAX(fg.role)"
                + " FROM folder_grant fg JOIN team_folder t ON t.space_id = fg.space_id AND t.state = 0"
                + " JOIN space s ON s.id = t.space_id"
                + " WHERE (fg.subject_type = 1 AND fg.subject_id = ?)"
                + " OR (fg.subject_type = 2 AND fg.subject_id IN (SELECT group_id FROM group_member WHERE user_id = ?))"
                + " GROUP BY t.space_id, t.name, s.root_node_id ORDER BY t.name")) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Visible(rs.getLong(1), rs.getString(2), rs.getLong(3), Role.of(rs.getInt(4))));
                }
            }
        }
        return out;
    }

    private static Row one(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5));
    }
}
