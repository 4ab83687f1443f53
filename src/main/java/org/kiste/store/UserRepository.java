package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.Account;

/** Accounts. */
public final class UserRepository {
    private static final String COLUMNS =
            "id, login, display_name, email, password_hash, is_admin, enabled, quota_bytes,"
                    + " cred_version, home_space_id";

    public Account byLogin(Connection c, String login) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_account WHERE login = ?")) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    public Account byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_account WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** The account row, locked until the transaction ends. */
    public Account byIdForUpdate(Connection c, long id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM user_account WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** The account row by login, locked until the transaction ends. */
    public Account byLoginForUpdate(Connection c, String login) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM user_account WHERE login = ? FOR UPDATE")) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** Locks the rows of the enabled administrators (in id order) and returns their ids. */
    public List<Long> lockEnabledAdmins(Connection c) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM user_account WHERE is_admin = 1 AND enabled = 1 ORDER BY id FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /**
     * The accounts whose login, display name or e-mail contains {@code needle} (any case; empty for all), by login,
     * from {@code offset}, at most {@code limit}.
     */
    public List<Account> page(Connection c, String needle, int offset, int limit) throws SQLException {
        String like = "%"
                + needle.toLowerCase(java.util.Locale.ROOT)
                        .replace("!", "!!")
                        .replace("%", "!%")
                        .replace("_", "!_")
                + "%";
        List<Account> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_account"
                + " WHERE LOWER(login) LIKE ? ESCAPE '!' OR LOWER(display_name) LIKE ? ESCAPE '!'"
                + " OR LOWER(COALESCE(email, '')) LIKE ? ESCAPE '!' ORDER BY login LIMIT ? OFFSET ?")) {
            ps.setString(1, like);
            ps.setString(2, like);
            ps.setString(3, like);
            ps.setInt(4, limit);
            ps.setInt(5, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    public List<Account> all(Connection c) throws SQLException {
        List<Account> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM user_account ORDER BY login");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(map(rs));
            }
        }
        return out;
    }

    public long insert(
            Connection c, String login, String displayName, String email, String hash, boolean admin, long quota)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_account (login, display_name, email, password_hash,"
                        + " is_admin, quota_bytes) VALUES (?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, login);
            ps.setString(2, displayName);
            ps.setString(3, email);
            ps.setString(4, hash);
            ps.setInt(5, admin ? 1 : 0);
            ps.setLong(6, quota);
            ps.executeUpdate();
            return NodeRepository.generatedId(ps);
        }
    }

    public void setHomeSpace(Connection c, long userId, long spaceId) throws SQLException {
        update(c, "UPDATE user_account SET home_space_id = ? WHERE id = ?", spaceId, userId);
    }

    public boolean setPassword(Connection c, String login, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE user_account SET password_hash = ?, cred_version = cred_version + 1 WHERE login = ?")) {
            ps.setString(1, hash);
            ps.setString(2, login);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean setDisplayName(Connection c, String login, String displayName) throws SQLException {
        return setText(c, "UPDATE user_account SET display_name = ? WHERE login = ?", displayName, login);
    }

    public boolean setEmail(Connection c, String login, String email) throws SQLException {
        return setText(c, "UPDATE user_account SET email = ? WHERE login = ?", email, login);
    }

    private static boolean setText(Connection c, String sql, String value, String login) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setString(2, login);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean setEnabled(Connection c, String login, boolean enabled) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE user_account SET enabled = ?, cred_version = cred_version + 1 WHERE login = ?")) {
            ps.setInt(1, enabled ? 1 : 0);
            ps.setString(2, login);
            return ps.executeUpdate() == 1;
        }
    }

    public void setQuota(Connection c, long userId, long quota) throws SQLException {
        update(c, "UPDATE user_account SET quota_bytes = ? WHERE id = ?", quota, userId);
    }

    public void delete(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_account WHERE id = ?")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, long a, long b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            ps.executeUpdate();
        }
    }

    private static Account map(ResultSet rs) throws SQLException {
        long home = rs.getLong("home_space_id");
        return new Account(
                rs.getLong("id"),
                rs.getString("login"),
                rs.getString("display_name"),
                rs.getString("email"),
                rs.getString("password_hash"),
                rs.getInt("is_admin") == 1,
                rs.getInt("enabled") == 1,
                rs.getLong("quota_bytes"),
                rs.getLong("cred_version"),
                rs.wasNull() ? 0 : home);
    }
}
