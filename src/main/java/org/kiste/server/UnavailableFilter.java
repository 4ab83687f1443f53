package org.kiste.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.model.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last word on a database that cannot be reached: a door that does not answer it itself (HTML pages, the login
 * flow) lets the failure through, and it becomes 503 with {@code Retry-After} and a plain body here, instead of
 * Jetty's 500 page naming the exception: the one plain error page ({@link ErrorPage}, HTML for a browser, a line
 * of text otherwise). DAV and OCS answer it themselves in their own bodies.
 */
final class UnavailableFilter extends HttpFilter {
    private static final Logger log = LoggerFactory.getLogger(UnavailableFilter.class);

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(req, resp);
        } catch (UnavailableException e) {
            answer(req, resp, e);
        } catch (ServletException | RuntimeException e) {
            UnavailableException cause = unavailableCause(e);
            if (cause == null) {
                throw e;
            }
            answer(req, resp, cause);
        }
    }

    private static UnavailableException unavailableCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnavailableException u) {
                return u;
            }
        }
        return null;
    }

    private static void answer(HttpServletRequest req, HttpServletResponse resp, UnavailableException e)
            throws IOException {
        log.warn("{} {}: database unavailable: {}", req.getMethod(), req.getRequestURI(), e.toString());
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        resp.setStatus(503);
        resp.setHeader("Retry-After", UnavailableException.RETRY_AFTER_SECONDS);
        resp.setHeader("Cache-Control", "no-store");
        String type = ErrorPage.typeFor(req.getHeader("Accept"));
        byte[] body = ErrorPage.bytes(503, type);
        resp.setContentType(type);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
