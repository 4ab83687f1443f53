package org.kiste.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kiste.model.Principal;
import org.kiste.web.Html;

/**
 * The HTML of the web pages: every page is the same shell (skip link, navigation, a heading, the module's
 * {@code #app} element, a live region and the page context as JSON), plus the login and error pages. No inline
 * script or style: the module and the stylesheet come from {@code /ui/static/}.
 */
final class Shell {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a shell is rendered for. */
    record View(String base, Principal user, String csrf, String serverUrl, UiPage page, String folder, UiMessages m) {}

    private Shell() {}

    static String page(View v) {
        UiPage page = v.page();
        UiMessages m = v.m();
        StringBuilder b = head(v.base(), m, m.html(page.title));
        // the shared module is fetched alongside the page's own, not after it
        b.append("<link rel=\"modulepreload\" href=\"")
                .append(Html.escape(v.base() + "/ui/static/kiste.js"))
                .append("\">\n");
        b.append("<script type=\"module\" src=\"")
                .append(Html.escape(v.base() + "/ui/static/" + page.module + ".js"))
                .append("\"></script>\n</head>\n<body>\n");
        nav(b, v.base(), v.user(), v.csrf(), page, m);
        b.append("<main id=\"main\" tabindex=\"-1\"><h1>")
                .append(m.html(page.title))
                .append("</h1><div id=\"app\"></div></main>\n");
        b.append("<div id=\"live\" role=\"status\" aria-live=\"polite\" class=\"visually-hidden\"></div>\n");
        b.append("<script type=\"application/json\" id=\"kiste-context\">")
                .append(context(v))
                .append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** A page saying what went wrong, with the navigation when someone is logged in. */
    static String error(String base, Principal user, String csrf, UiMessages m, String heading, String text) {
        StringBuilder b = head(base, m, m.html(heading));
        b.append("</head>\n<body>\n");
        if (user != null) {
            nav(b, base, user, csrf, null, m);
        } else {
            b.append("<a class=\"skip\" href=\"#main\">").append(m.html("skip")).append("</a>\n");
        }
        b.append("<main id=\"main\" tabindex=\"-1\"><h1>")
                .append(m.html(heading))
                .append("</h1><p>")
                .append(m.html(text))
                .append("</p></main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The login form; {@code problem} is the key of a message to show above it, or null. */
    static String login(String base, UiMessages m, String csrf, String next, String user, String problem) {
        StringBuilder b = head(base, m, m.html("login.title"));
        b.append("</head>\n<body class=\"login\">\n<main id=\"main\" tabindex=\"-1\" class=\"login-box\">")
                .append("<h1>")
                .append(m.html("login.heading"))
                .append("</h1>\n");
        if (problem != null) {
            b.append("<p class=\"problem\" role=\"alert\" id=\"login-problem\">")
                    .append(m.html(problem))
                    .append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"")
                .append(Html.escape(base + "/ui/login"))
                .append("\">\n<input type=\"hidden\" name=\"csrf\" value=\"")
                .append(Html.escape(csrf))
                .append("\">\n");
        if (next != null) {
            b.append("<input type=\"hidden\" name=\"next\" value=\"")
                    .append(Html.escape(next))
                    .append("\">\n");
        }
        String described = problem != null ? " aria-describedby=\"login-problem\"" : "";
        b.append("<div class=\"field\"><label for=\"user\">")
                .append(m.html("login.user"))
                .append("</label><input id=\"user\" name=\"user\" type=\"text\" autocomplete=\"username\"")
                .append(" autocapitalize=\"none\" spellcheck=\"false\" required value=\"")
                .append(Html.escape(user))
                .append("\"")
                .append(described)
                .append(user.isEmpty() ? " autofocus" : "")
                .append("></div>\n<div class=\"field\"><label for=\"password\">")
                .append(m.html("login.password"))
                .append("</label><input id=\"password\" name=\"password\" type=\"password\"")
                .append(" autocomplete=\"current-password\" required")
                .append(user.isEmpty() ? "" : " autofocus")
                .append("></div>\n<button type=\"submit\" class=\"primary\">")
                .append(m.html("login.submit"))
                .append("</button>\n</form>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static StringBuilder head(String base, UiMessages m, String titleHtml) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"")
                .append(Html.escape(m.lang()))
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(titleHtml)
                .append(" – ")
                .append(m.html("app.name"))
                .append("</title>\n<link rel=\"stylesheet\" href=\"")
                .append(Html.escape(base + "/ui/static/kiste.css"))
                .append("\">\n<link rel=\"icon\" href=\"data:,\">\n");
        return b;
    }

    private static void nav(StringBuilder b, String base, Principal user, String csrf, UiPage current, UiMessages m) {
        b.append("<a class=\"skip\" href=\"#main\">").append(m.html("skip")).append("</a>\n");
        b.append("<header><span class=\"brand\">")
                .append(m.html("app.name"))
                .append("</span>\n<nav aria-label=\"")
                .append(m.html("nav.label"))
                .append("\"><ul>");
        for (UiPage p : UiPage.values()) {
            if (p.adminOnly && !user.admin()) {
                continue;
            }
            b.append("<li><a href=\"").append(Html.escape(base + p.href())).append('"');
            if (p == current) {
                b.append(" aria-current=\"page\"");
            }
            b.append('>').append(m.html(p.title)).append("</a></li>");
        }
        b.append("</ul>\n<form method=\"post\" action=\"")
                .append(Html.escape(base + "/ui/logout"))
                .append("\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
                .append(Html.escape(csrf))
                .append("\"><span class=\"who\">")
                .append(Html.escape(user.displayName().isBlank() ? user.login() : user.displayName()))
                .append("</span> <button type=\"submit\">")
                .append(m.html("logout"))
                .append("</button></form></nav></header>\n");
    }

    /** The page context as JSON that cannot end its script element ({@code <}, {@code >}, {@code &} escaped). */
    private static String context(View v) {
        Principal u = v.user();
        String login = u.login();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("user", login);
        c.put("displayName", u.displayName());
        c.put("isAdmin", u.admin());
        c.put("lang", v.m().lang());
        c.put("requestToken", v.csrf());
        c.put("serverUrl", v.serverUrl());
        String user = segment(login);
        c.put("davFiles", v.base() + "/remote.php/dav/files/" + user);
        c.put("davUploads", v.base() + "/remote.php/dav/uploads/" + user);
        c.put("davVersions", v.base() + "/remote.php/dav/versions/" + user);
        c.put("davTrash", v.base() + "/remote.php/dav/trashbin/" + user);
        c.put("page", v.page().module);
        c.put("base", v.base());
        if (v.folder() != null) {
            c.put("path", v.folder());
        }
        c.put("messages", v.m().all());
        try {
            return JSON.writeValueAsString(c)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path segment percent-encoded as UTF-8 (RFC 3986 unreserved characters stay). */
    static String segment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
