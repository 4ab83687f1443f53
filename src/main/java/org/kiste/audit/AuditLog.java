package org.kiste.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kiste.model.AuditEvent;
import org.kiste.store.AuditRepository;
import org.kiste.store.Database;

/**
 * The organisation's audit trail: every change to groups, team folders and grants is recorded by the service
 * that makes it, on the same connection, so the event commits or rolls back with the change itself.
 */
public final class AuditLog {
    /** The actor of changes made with the admin command line. */
    public static final String ADMIN_CLI = "admin-cli";
    /** The actor named for what the server's housekeeping jobs do (e.g. purging the organisation's trash). */
    public static final String HOUSEKEEPING = "housekeeping";
    /** The actor named for the {@code admin} account the server creates on its first start. */
    public static final String FIRST_START = "first-start";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final AuditRepository events = new AuditRepository();

    public AuditLog(Database db) {
        this.db = db;
    }

    /**
     * Records an event inside the caller's transaction.
     *
     * @param detail small key/value facts (a role, a quota, an old name), stored as JSON; may be empty
     */
    public void record(Connection c, String actor, String action, String subject, String target, Map<String, ?> detail)
            throws SQLException {
        String json;
        try {
            json = detail == null || detail.isEmpty() ? null : JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable", e);
        }
        events.insert(c, Instant.now(), actor, action, subject, target, json);
    }

    /** Records an event in a transaction of its own (for changes that are not database rows). */
    public void record(String actor, String action, String subject, String target, Map<String, ?> detail) {
        db.tx(c -> {
            record(c, actor, action, subject, target, detail);
            return null;
        });
    }

    /** Events at or after {@code since} (null: from the beginning), newest first, at most {@code limit}. */
    public List<AuditEvent> list(Instant since, int limit) {
        return list(since, null, null, limit);
    }

    /**
     * Events at or after {@code since} and before {@code until} (either null: unbounded), of one actor (null: any),
     * newest first, at most {@code limit}.
     */
    public List<AuditEvent> list(Instant since, Instant until, String actor, int limit) {
        return db.read(c -> events.find(c, since, until, actor, Math.max(0, limit)));
    }
}
