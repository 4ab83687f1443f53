package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.Group;

/** Groups and their members. */
public final class GroupRepository {
    private static final String SELECT = "SELECT g.id, g.name, g.display_name,"
            + " (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id) AS members FROM user_group g";

    public Group byName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE g.name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** Every group, by name, with its member count. */
    public List<Group> all(Connection c) throws SQLException {
        return query(c, SELECT + " ORDER BY g.name", null);
    }

    /**
     * One page of the groups, by name, whose name or display name contains {@code search} (any letter case; empty:
     * every group).
     */
    public List<Group> page(Connection c, String search, int limit, int offset) throws SQLException {
        String like = "%"
                + search.toLowerCase(java.util.Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_")
                + "%";
        List<Group> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT
                + " WHERE LOWER(g.name) LIKE ? OR LOWER(g.display_name) LIKE ? ORDER BY g.name LIMIT ? OFFSET ?")) {
            ps.setString(1, like);
            ps.setString(2, like);
            ps.setInt(3, limit);
            ps.setInt(4, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    /** The groups a user belongs to, by name. */
    public List<Group> ofUser(Connection c, long userId) throws SQLException {
        return query(
                c,
                SELECT + " WHERE g.id IN (SELECT group_id FROM group_member WHERE user_id = ?) ORDER BY g.name",
                userId);
    }

    /** The logins of a group's members, in order. */
    /** The names of the groups of each of these users (by name), in one query; users without groups are absent. */
    public java.util.Map<Long, List<String>> namesOfUsers(Connection c, List<Long> userIds) throws SQLException {
        java.util.Map<Long, List<String>> out = new java.util.HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(userIds.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT m.user_id, g.name FROM group_member m"
                + " JOIN user_group g ON g.id = m.group_id WHERE m.user_id IN (" + marks + ") ORDER BY g.name")) {
            for (int i = 0; i < userIds.size(); i++) {
                ps.setLong(i + 1, userIds.get(i));
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                            .add(rs.getString(2));
                }
            }
        }
        return out;
    }

    public List<String> memberLogins(Connection c, long groupId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.login FROM group_member m JOIN user_account u"
                + " ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.login")) {
            ps.setLong(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The ids of a group's members. */
    public List<Long> memberIds(Connection c, long groupId) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM group_member WHERE group_id = ?")) {
            ps.setLong(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    public long insert(Connection c, String name, String displayName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_group (name, display_name) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, displayName);
            ps.executeUpdate();
            return NodeRepository.generatedId(ps);
        }
    }

    /** Renames; a display name that was just the old name follows the new one. */
    public void rename(Connection c, Group g, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE user_group SET name = ?, display_name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, g.displayName().equals(g.name()) ? name : g.displayName());
            ps.setLong(3, g.id());
            ps.executeUpdate();
        }
    }

    /** Sets the name shown for a group; its id stays. */
    public void setDisplayName(Connection c, long id, String displayName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE user_group SET display_name = ? WHERE id = ?")) {
            ps.setString(1, displayName);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Removes the group, its memberships and its grants. */
    public void delete(Connection c, long id) throws SQLException {
        for (String sql : new String[] {
            "DELETE FROM folder_grant WHERE subject_type = 2 AND subject_id = ?",
            "DELETE FROM group_member WHERE group_id = ?",
            "DELETE FROM user_group WHERE id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }

    /** False when the user already was a member. */
    public boolean addMember(Connection c, long groupId, long userId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT IGNORE INTO group_member (group_id, user_id) VALUES (?, ?)")) {
            ps.setLong(1, groupId);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    /** False when the user was not a member. */
    public boolean removeMember(Connection c, long groupId, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_member WHERE group_id = ? AND user_id = ?")) {
            ps.setLong(1, groupId);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Account removal: the user leaves every group and loses every direct grant. */
    public void forgetUser(Connection c, long userId) throws SQLException {
        for (String sql : new String[] {
            "DELETE FROM group_member WHERE user_id = ?",
            "DELETE FROM folder_grant WHERE subject_type = 1 AND subject_id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, userId);
                ps.executeUpdate();
            }
        }
    }

    private static List<Group> query(Connection c, String sql, Long param) throws SQLException {
        List<Group> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setLong(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    private static Group map(ResultSet rs) throws SQLException {
        return new Group(rs.getLong("id"), rs.getString("name"), rs.getString("display_name"), rs.getInt("members"));
    }
}
