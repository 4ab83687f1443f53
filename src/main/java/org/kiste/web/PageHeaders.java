package org.kiste.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every HTML page of Kiste's own carries (login, link, Login Flow and root pages, folder listings):
 * a Content-Security-Policy that runs no script at all and allows only the page's own stylesheet, no framing, no
 * Referer (page URLs carry secret tokens), no sniffing, and HSTS when the request came over HTTPS (directly or
 * through a trusted proxy).
 */
public final class PageHeaders {
    /** The stylesheet every page inlines is allowed by its hash; no other style, and no script of any kind. */
    static String csp() {
        return "default-src 'none'; style-src " + Html.styleSources()
                + "; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /**
     * The policy of the web pages under {@code /ui}: scripts and stylesheets only from Kiste's own files, never
     * inline; requests only to Kiste itself; no framing.
     */
    public static final String APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private PageHeaders() {}

    public static void apply(HttpServletRequest req, HttpServletResponse resp) {
        applyWith(req, resp, csp());
    }

    /** The headers of the web pages: as {@link #apply}, with {@link #APP_CSP}. */
    public static void applyApp(HttpServletRequest req, HttpServletResponse resp) {
        applyWith(req, resp, APP_CSP);
    }

    private static void applyWith(HttpServletRequest req, HttpServletResponse resp, String policy) {
        resp.setHeader("Content-Security-Policy", policy);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (req.isSecure()) {
            resp.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
