package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.AppPassword;

/** App passwords, found by the SHA-256 of their secret. */
public final class AppPasswordRepository {
    private static final String COLUMNS = "id, user_id, login_name, name, created_at, last_used_at";

    public long insert(Connection c, long userId, String loginName, String name, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO app_password (user_id, login_name, name, token_hash)" + " VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, userId);
            ps.setString(2, loginName);
            ps.setString(3, name);
            ps.setBytes(4, tokenHash);
            ps.executeUpdate();
            return NodeRepository.generatedId(ps);
        }
    }

    public AppPassword byHash(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM app_password WHERE token_hash = ?")) {
            ps.setBytes(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    public List<AppPassword> byUser(Connection c, long userId) throws SQLException {
        List<AppPassword> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM app_password WHERE user_id = ? ORDER BY id")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    public boolean delete(Connection c, long userId, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_password WHERE id = ? AND user_id = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    public int countOf(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_password WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void deleteAllOf(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_password WHERE user_id = ?")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    /** Sets {@code last_used_at} to now unless it was set less than a minute ago (by any server process). */
    public void touch(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE app_password SET last_used_at = NOW(3) WHERE id = ?"
                + " AND (last_used_at IS NULL OR last_used_at < NOW(3) - INTERVAL 1 MINUTE)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static AppPassword map(ResultSet rs) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        return new AppPassword(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("login_name"),
                rs.getString("name"),
                rs.getTimestamp("created_at").toInstant(),
                used == null ? null : used.toInstant());
    }
}
