package org.kiste.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.kiste.auth.WebSessions;
import org.kiste.model.Principal;

/**
 * The session cookie of the web pages ({@code kiste_session}, path {@code /}) as every door reads it. The pages
 * take the cookie alone (their POSTs check the CSRF token besides); the WebDAV and OCS doors take it only with a
 * {@code requesttoken} header equal to the session's CSRF token (Nextcloud's convention), so a page elsewhere that
 * makes the browser send the cookie gets nothing.
 */
public final class SessionLogin {
    public static final String COOKIE = "kiste_session";
    static final String PURPOSE = "web ui";
    public static final String TOKEN_HEADER = "requesttoken";

    /** What a request's session is: the cookie and the account it belongs to. */
    public record Session(BrowserSession cookie, Principal principal) {
        public String csrfToken() {
            return cookie.csrfToken();
        }
    }

    private final WebSessions sessions;

    public SessionLogin(WebSessions sessions) {
        this.sessions = sessions;
    }

    /** The live session of a page request (cookie only), if any. */
    public Optional<Session> page(HttpServletRequest req) {
        BrowserSession cookie = BrowserSession.fromRequest(req, COOKIE, PURPOSE);
        if (cookie == null) {
            return Optional.empty();
        }
        return sessions.find(cookie.hash()).map(p -> new Session(cookie, p));
    }

    /**
     * The account of a WebDAV or OCS request that carries the session cookie and its {@code requesttoken}; empty
     * without either (the door then asks for Basic as before).
     */
    public Optional<Principal> door(HttpServletRequest req) {
        String token = req.getHeader(TOKEN_HEADER);
        if (token == null) {
            return Optional.empty();
        }
        BrowserSession cookie = BrowserSession.fromRequest(req, COOKIE, PURPOSE);
        if (cookie == null || !cookie.csrfMatches(token)) {
            return Optional.empty();
        }
        return sessions.find(cookie.hash());
    }

    /**
     * Begins a session of {@code who} with a fresh cookie, ending the session of the cookie the browser held (a
     * second login in one browser leaves one session); false when the account can no longer log in.
     */
    public boolean begin(HttpServletRequest req, HttpServletResponse resp, Principal who) {
        BrowserSession fresh = BrowserSession.create(COOKIE, PURPOSE);
        BrowserSession held = BrowserSession.fromRequest(req, COOKIE, PURPOSE);
        if (!sessions.begin(who, fresh.hash(), held == null ? null : held.hash())) {
            return false;
        }
        fresh.setCookie(req, resp, cookiePath(req));
        return true;
    }

    /** Ends the request's session (if any) and tells the browser to forget the cookie. */
    public void end(HttpServletRequest req, HttpServletResponse resp) {
        BrowserSession cookie = BrowserSession.fromRequest(req, COOKIE, PURPOSE);
        if (cookie != null) {
            sessions.end(cookie.hash());
        }
        resp.addHeader(
                "Set-Cookie",
                COOKIE + "=; Path=" + cookiePath(req) + "; Max-Age=0; HttpOnly; SameSite=Lax"
                        + (req.isSecure() ? "; Secure" : ""));
    }

    private static String cookiePath(HttpServletRequest req) {
        String ctx = req.getContextPath();
        return ctx == null || ctx.isEmpty() ? "/" : ctx + "/";
    }
}
