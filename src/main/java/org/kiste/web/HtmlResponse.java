package org.kiste.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one of Kiste's HTML pages with the headers every page gets: no caching, the language it is in, no
 * Referer (page URLs carry secret tokens), no framing, no sniffing, and a policy that allows no scripts and
 * forms to this server only.
 */
public final class HtmlResponse {
    private HtmlResponse() {}

    public static void send(HttpServletRequest req, HttpServletResponse resp, int status, String html, String lang)
            throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html; charset=utf-8");
        resp.setHeader("Content-Language", lang);
        resp.setHeader("Vary", "Accept-Language, Cookie");
        resp.setHeader("Cache-Control", "no-store");
        // the page's token is in the URL: never send it on as a Referer, never let the page be framed
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                        + " frame-ancestors 'none'; base-uri 'none'");
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(body);
        }
    }

    /** RFC 9110 §15.4.4: after a successful POST the browser GETs {@code location} (no re-POST on reload). */
    public static void seeOther(HttpServletResponse resp, String location) {
        resp.setStatus(303);
        resp.setHeader("Location", location);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(0);
    }
}
