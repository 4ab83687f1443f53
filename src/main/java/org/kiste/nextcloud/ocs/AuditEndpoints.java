package org.kiste.nextcloud.ocs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.audit.AuditLog;
import org.kiste.audit.AuditTimes;
import org.kiste.model.AuditEvent;

/**
 * {@code GET apps/kiste/api/v1/audit} for administrators: the audit trail newest first, filtered as {@code kiste
 * audit list} filters it — {@code since} and {@code until} (a date, a time or an age such as 7d), {@code actor} (a
 * login, or admin-cli) and {@code limit} (1 to 1000, 100 by default).
 */
final class AuditEndpoints {
    static final int MAX_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditLog audit;

    AuditEndpoints(AuditLog audit) {
        this.audit = audit;
    }

    Object list(OcsRequest r) throws IOException {
        Instant since = time(r, "since");
        Instant until = time(r, "until");
        String actor = r.field("actor");
        if (actor != null && (actor.isBlank() || actor.length() > 64)) {
            throw OcsException.badRequest("an actor is a login of at most 64 characters");
        }
        int limit = AdminGate.number(r, "limit", 100, 1, MAX_LIMIT);
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditEvent e : audit.list(since, until, actor == null ? null : actor.strip(), limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("subject", e.subject());
            m.put("target", e.target());
            m.put("detail", e.detail() == null ? null : JSON.readValue(e.detail(), LinkedHashMap.class));
            out.add(m);
        }
        return out;
    }

    private static Instant time(OcsRequest r, String name) throws IOException {
        String v = r.field(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return AuditTimes.parse(v, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw OcsException.badRequest("'" + name + "': " + e.getMessage());
        }
    }
}
