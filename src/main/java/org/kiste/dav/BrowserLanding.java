package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A browser's {@code GET /} goes to the web pages; every other request on {@code /} (Windows' OPTIONS and
 * PROPFIND, a WebDAV client's GET) stays with WebDAV. A browser is told apart by asking for HTML and sending none
 * of the headers only WebDAV clients send.
 */
final class BrowserLanding {
    static final String FILES_PAGE = "/ui/files/";

    private BrowserLanding() {}

    static boolean wanted(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        if (accept == null || !accept.toLowerCase(java.util.Locale.ROOT).contains("text/html")) {
            return false;
        }
        for (String dav : new String[] {"Depth", "Translate", "If", "Lock-Token", "Overwrite", "Destination"}) {
            if (req.getHeader(dav) != null) {
                return false;
            }
        }
        String agent = req.getHeader("User-Agent");
        return agent == null || !agent.contains("WebDAV");
    }

    static void redirect(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(303);
        resp.setHeader("Location", req.getContextPath() + FILES_PAGE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Vary", "Accept");
        resp.setContentLength(0);
    }
}
