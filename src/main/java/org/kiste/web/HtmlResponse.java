package org.kiste.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one of Kiste's HTML pages with the headers every page gets: no caching, the language it is in, and
 * {@link PageHeaders} (no script, no framing, no Referer, no sniffing, HSTS over HTTPS).
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
        PageHeaders.apply(req, resp);
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
