package org.kiste.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.kiste.store.Database;

/**
 * {@code GET /health}: 200 when the server accepts requests and its database answers, else 503 with the reason,
 * within a few seconds (a borrow from the pool waits at most 3 s).
 */
public final class HealthServlet extends HttpServlet {
    private final transient Database db;

    public HealthServlet(Database db) {
        this.db = db;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean ok;
        try {
            ok = db.read(c -> c.isValid(2));
        } catch (RuntimeException e) {
            ok = false;
        }
        resp.setStatus(ok ? 200 : 503);
        if (!ok) {
            resp.setHeader("Retry-After", org.kiste.model.UnavailableException.RETRY_AFTER_SECONDS);
        }
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream()
                .write((ok
                                ? "{\"status\":\"ok\"}\n"
                                : "{\"status\":\"unavailable\",\"reason\":\"database unreachable\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }
}
