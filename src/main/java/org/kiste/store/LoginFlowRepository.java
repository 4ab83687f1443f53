package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.kiste.model.LoginFlow;

/**
 * Login Flow v2 rows, found by the SHA-256 of their poll or login token. Times are the caller's clock in epoch
 * milliseconds; an expired row is never returned.
 */
public final class LoginFlowRepository {
    private static final String COLUMNS = "id, client_name, public_key, sealed_private_key, expires_ms, session_hash,"
            + " user_id, login_name, failed_logins, state, sealed_app_password";

    public long insert(
            Connection c,
            byte[] pollHash,
            byte[] loginHash,
            String clientName,
            byte[] publicKey,
            byte[] sealedPrivateKey,
            long nowMs,
            long expiresMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO login_flow (poll_hash, login_hash, client_name,"
                        + " public_key, sealed_private_key, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setBytes(1, pollHash);
            ps.setBytes(2, loginHash);
            ps.setString(3, clientName);
            ps.setBytes(4, publicKey);
            ps.setBytes(5, sealedPrivateKey);
            ps.setLong(6, nowMs);
            ps.setLong(7, expiresMs);
            ps.executeUpdate();
            return NodeRepository.generatedId(ps);
        }
    }

    public LoginFlow byLoginHash(Connection c, byte[] loginHash, long nowMs) throws SQLException {
        return one(
                c, "SELECT " + COLUMNS + " FROM login_flow WHERE login_hash = ? AND expires_ms > ?", loginHash, nowMs);
    }

    /** The flow of a poll token, its row locked until the transaction ends (one poll wins). */
    public LoginFlow byPollHashForUpdate(Connection c, byte[] pollHash, long nowMs) throws SQLException {
        return one(
                c,
                "SELECT " + COLUMNS + " FROM login_flow WHERE poll_hash = ? AND expires_ms > ? FOR UPDATE",
                pollHash,
                nowMs);
    }

    /** Binds a new browser session to an open flow nobody has logged in to yet. */
    public boolean bindSession(Connection c, long id, byte[] sessionHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE login_flow SET session_hash = ?" + " WHERE id = ? AND state = 'open' AND user_id IS NULL")) {
            ps.setBytes(1, sessionHash);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records the login of the session {@code oldSession} and replaces it by {@code newSession}. */
    public boolean logIn(Connection c, long id, byte[] oldSession, byte[] newSession, long userId, String loginName)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE login_flow SET session_hash = ?, user_id = ?, login_name = ?"
                        + " WHERE id = ? AND session_hash = ? AND state = 'open' AND user_id IS NULL")) {
            ps.setBytes(1, newSession);
            ps.setLong(2, userId);
            ps.setString(3, loginName);
            ps.setLong(4, id);
            ps.setBytes(5, oldSession);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Counts a password attempt on an open flow nobody has logged in to, unless it already had {@code limit}:
     * one statement, so concurrent attempts each take their own place in the count. False when none was left.
     */
    public boolean countLoginAttempt(Connection c, long id, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE login_flow SET failed_logins = failed_logins + 1"
                + " WHERE id = ? AND failed_logins < ? AND state = 'open' AND user_id IS NULL")) {
            ps.setLong(1, id);
            ps.setInt(2, limit);
            return ps.executeUpdate() == 1;
        }
    }

    /** Takes back a counted attempt that was right or never checked. */
    public void uncountLoginAttempt(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE login_flow SET failed_logins = failed_logins - 1 WHERE id = ? AND failed_logins > 0")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** The number of counted password attempts of a flow (-1 when it is gone). */
    public int loginAttempts(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT failed_logins FROM login_flow WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /** Moves a logged-in open flow to {@code granting}; false when another request got there first. */
    public boolean beginGrant(Connection c, long id, byte[] sessionHash, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE login_flow SET state = 'granting' WHERE id = ?"
                + " AND session_hash = ? AND state = 'open' AND user_id IS NOT NULL AND expires_ms > ?")) {
            ps.setLong(1, id);
            ps.setBytes(2, sessionHash);
            ps.setLong(3, nowMs);
            return ps.executeUpdate() == 1;
        }
    }

    public void finishGrant(Connection c, long id, byte[] sealedAppPassword, long pollableUntilMs) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE login_flow SET state = 'granted', sealed_app_password = ?,"
                        + " expires_ms = GREATEST(expires_ms, ?) WHERE id = ? AND state = 'granting'")) {
            ps.setBytes(1, sealedAppPassword);
            ps.setLong(2, pollableUntilMs);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    public void abortGrant(Connection c, long id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE login_flow SET state = 'open' WHERE id = ? AND state = 'granting'")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_flow WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} expired flows (with any app password still waiting in them). */
    public int purgeExpired(Connection c, long nowMs, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_flow WHERE expires_ms <= ? LIMIT ?")) {
            ps.setLong(1, nowMs);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    private static LoginFlow one(Connection c, String sql, byte[] hash, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, hash);
            ps.setLong(2, nowMs);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long userId = rs.getLong(7);
                Long user = rs.wasNull() ? null : userId;
                return new LoginFlow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        rs.getBytes(4),
                        rs.getLong(5),
                        rs.getBytes(6),
                        user,
                        rs.getString(8),
                        rs.getInt(9),
                        rs.getString(10),
                        rs.getBytes(11));
            }
        }
    }
}
