package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the password throttles ({@code auth_throttle}) and of the addresses that logged in to an account
 * ({@code auth_known_address}). Times are epoch milliseconds of the caller's clock.
 */
public final class ThrottleRepository {
    /** One throttle row as stored. */
    public record Row(
            String kind,
            String subject,
            String address,
            String login,
            int failures,
            long lastMs,
            long blockedUntilMs,
            long expiresMs) {}

    private static final String COLUMNS =
            "kind, subject, address, login, failures, last_ms, blocked_until_ms, expires_ms";

    /**
     * The row of a key, locked until the transaction ends; created (with no failures) when there is none, so
     * concurrent first attempts queue on one row instead of each reading "nothing yet".
     */
    public Row lockOrCreate(Connection c, String kind, String subject, String address, String login, long nowMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO auth_throttle (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, 0, ?, 0, ?) ON DUPLICATE KEY UPDATE kind = kind")) {
            ps.setString(1, kind);
            ps.setString(2, subject);
            ps.setString(3, address);
            ps.setString(4, login);
            ps.setLong(5, nowMs);
            ps.setLong(6, nowMs);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM auth_throttle WHERE kind = ? AND subject = ? FOR UPDATE")) {
            ps.setString(1, kind);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row(rs);
            }
        }
    }

    public void update(
            Connection c, String kind, String subject, int failures, long lastMs, long blockedUntilMs, long expiresMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE auth_throttle SET failures = ?, last_ms = ?,"
                + " blocked_until_ms = ?, expires_ms = ? WHERE kind = ? AND subject = ?")) {
            ps.setInt(1, failures);
            ps.setLong(2, lastMs);
            ps.setLong(3, blockedUntilMs);
            ps.setLong(4, expiresMs);
            ps.setString(5, kind);
            ps.setString(6, subject);
            ps.executeUpdate();
        }
    }

    /**
     * Takes back one counted attempt that turned out right. When what stays counted is below the free attempts
     * ({@code free}), no wait is left either: a wait set by right attempts counted at the same time (a client's
     * parallel first requests) would otherwise outlive them. One statement, so it needs no lock of its own; its
     * assignments run left to right, the wait first, on the count before it is lowered.
     */
    public void refund(Connection c, String kind, String subject, int free) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE auth_throttle"
                + " SET blocked_until_ms = IF(failures <= ?, 0, blocked_until_ms),"
                + " failures = GREATEST(failures, 1) - 1 WHERE kind = ? AND subject = ?")) {
            ps.setInt(1, free);
            ps.setString(2, kind);
            ps.setString(3, subject);
            ps.executeUpdate();
        }
    }

    /** The rows of up to four keys ({@code kinds[i], subjects[i]}), unlocked. */
    public List<Row> find(Connection c, List<String> kinds, List<String> subjects) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM auth_throttle WHERE ");
        for (int i = 0; i < kinds.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(kind = ? AND subject = ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < kinds.size(); i++) {
                ps.setString(2 * i + 1, kinds.get(i));
                ps.setString(2 * i + 2, subjects.get(i));
            }
            return rows(ps);
        }
    }

    /** Rows not yet expired, most recently counted first, at most {@code limit}. */
    public List<Row> live(Connection c, long nowMs, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM auth_throttle WHERE expires_ms > ? AND failures > 0 ORDER BY last_ms DESC LIMIT ?")) {
            ps.setLong(1, nowMs);
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    public int deleteByAddress(Connection c, String address) throws SQLException {
        return delete(c, "DELETE FROM auth_throttle WHERE address = ?", address);
    }

    public int deleteByLogin(Connection c, String login) throws SQLException {
        return delete(c, "DELETE FROM auth_throttle WHERE login = ?", login);
    }

    /** Deletes the keys of one public link: from all addresses together, and per address. */
    public int deleteByLink(Connection c, long linkId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_throttle WHERE (kind = 'link-all'"
                + " AND subject = ?) OR (kind = 'link' AND subject LIKE ?)")) {
            ps.setString(1, Long.toString(linkId));
            ps.setString(2, linkId + "@%");
            return ps.executeUpdate();
        }
    }

    public int deleteAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_throttle")) {
            return ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} expired rows; returns how many. */
    public int purgeExpired(Connection c, long nowMs, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_throttle WHERE expires_ms <= ? LIMIT ?")) {
            ps.setLong(1, nowMs);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    // ---- addresses that logged in ------------------------------------------------------------------------------

    /** True when {@code address} logged in to {@code login} at or after {@code sinceMs}. */
    public boolean knownAddress(Connection c, String login, String address, long sinceMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM auth_known_address WHERE login = ? AND address = ? AND last_ms >= ?")) {
            ps.setString(1, login);
            ps.setString(2, address);
            ps.setLong(3, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void rememberAddress(Connection c, String login, String address, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO auth_known_address (login, address, last_ms)"
                + " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE last_ms = GREATEST(last_ms, VALUES(last_ms))")) {
            ps.setString(1, login);
            ps.setString(2, address);
            ps.setLong(3, nowMs);
            ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} logins older than {@code beforeMs}; returns how many. */
    public int purgeKnownAddresses(Connection c, long beforeMs, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_known_address WHERE last_ms < ? LIMIT ?")) {
            ps.setLong(1, beforeMs);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    private static int delete(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8));
    }
}
