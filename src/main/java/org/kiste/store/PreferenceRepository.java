package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Per-user settings by name ({@code user_preference}). */
public final class PreferenceRepository {

    public String value(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT value FROM user_preference WHERE user_id = ? AND name = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void put(Connection c, long userId, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_preference (user_id, name, value)"
                + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            ps.setString(3, value);
            ps.executeUpdate();
        }
    }

    public void remove(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_preference WHERE user_id = ? AND name = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }
}
