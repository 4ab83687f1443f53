package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.AuditEvent;

/** The audit trail: insert-only rows, read newest first. Times are stored as UTC. */
public final class AuditRepository {

    public void insert(
            Connection c, Instant at, String actor, String action, String subject, String target, String detail)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO audit_event (at, actor, action, subject, target, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, subject);
            ps.setString(5, target);
            ps.setString(6, detail);
            ps.executeUpdate();
        }
    }

    /** Events at or after {@code since} (null: all), newest first, at most {@code limit}. */
    public List<AuditEvent> since(Connection c, Instant since, int limit) throws SQLException {
        return find(c, since, null, null, limit);
    }

    /** Events in {@code [since, until)} (null: unbounded) of {@code actor} (null: any), newest first. */
    public List<AuditEvent> find(Connection c, Instant since, Instant until, String actor, int limit)
            throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        String sql = "SELECT id, at, actor, action, subject, target, detail FROM audit_event WHERE at >= ?"
                + (until == null ? "" : " AND at < ?")
                + (actor == null ? "" : " AND actor = ?")
                + " ORDER BY at DESC, id DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, LocalDateTime.ofInstant(since == null ? Instant.EPOCH : since, ZoneOffset.UTC));
            if (until != null) {
                ps.setObject(i++, LocalDateTime.ofInstant(until, ZoneOffset.UTC));
            }
            if (actor != null) {
                ps.setString(i++, actor);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                    out.add(new AuditEvent(
                            rs.getLong(1),
                            at,
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
        }
        return out;
    }
}
