package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Sessions of the web pages, found by the SHA-256 of their cookie; times are epoch milliseconds. */
public final class WebSessionRepository {
    /** One stored session: whose it is, under which credential version it began, and when it was last used. */
    public record Row(long id, long userId, long credVersion, long lastSeenMs) {}

    public void insert(Connection c, byte[] hash, long userId, long credVersion, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO web_session"
                + " (session_hash, user_id, cred_version, created_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?)")) {
            ps.setBytes(1, hash);
            ps.setLong(2, userId);
            ps.setLong(3, credVersion);
            ps.setLong(4, nowMs);
            ps.setLong(5, nowMs);
            ps.executeUpdate();
        }
    }

    /** The session of this hash used after {@code seenAfterMs} and begun after {@code createdAfterMs}, or null. */
    public Row byHash(Connection c, byte[] hash, long seenAfterMs, long createdAfterMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, cred_version, last_seen_ms"
                + " FROM web_session WHERE session_hash = ? AND last_seen_ms > ? AND created_ms > ?")) {
            ps.setBytes(1, hash);
            ps.setLong(2, seenAfterMs);
            ps.setLong(3, createdAfterMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)) : null;
            }
        }
    }

    public void touch(Connection c, long id, long nowMs) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE web_session SET last_seen_ms = ? WHERE id = ? AND last_seen_ms < ?")) {
            ps.setLong(1, nowMs);
            ps.setLong(2, id);
            ps.setLong(3, nowMs);
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session WHERE session_hash = ?")) {
            ps.setBytes(1, hash);
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes the sessions of a user whose credentials no longer are those the session began with. */
    public int deleteStale(Connection c, long userId, long credVersion) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM web_session WHERE user_id = ? AND cred_version <> ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, credVersion);
            return ps.executeUpdate();
        }
    }

    /** Deletes the user's sessions but the {@code keep} begun last; returns how many. */
    public int trim(Connection c, long userId, int keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM web_session WHERE user_id = ? AND id NOT IN"
                        + " (SELECT id FROM (SELECT id FROM web_session WHERE user_id = ? ORDER BY id DESC LIMIT ?) AS kept)")) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            ps.setInt(3, keep);
            return ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} sessions begun before {@code createdBeforeMs}; returns how many. */
    public int purgeOld(Connection c, long createdBeforeMs, int limit) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM web_session WHERE created_ms <= ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, createdBeforeMs);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} sessions unused since {@code seenBeforeMs}; returns how many. */
    public int purgeIdle(Connection c, long seenBeforeMs, int limit) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM web_session WHERE last_seen_ms <= ? ORDER BY last_seen_ms LIMIT ?")) {
            ps.setLong(1, seenBeforeMs);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }
}
