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
        List<AuditEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, subject, target, detail"
                + " FROM audit_event WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?")) {
            ps.setObject(1, LocalDateTime.ofInstant(since == null ? Instant.EPOCH : since, ZoneOffset.UTC));
            ps.setInt(2, limit);
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
