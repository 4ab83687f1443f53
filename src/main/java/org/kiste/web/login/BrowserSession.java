package org.kiste.web.login;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kiste.auth.RandomTokens;

/**
 * The browser session of one login flow's pages: a random id in a cookie scoped to that flow's URL; the server
 * keeps only its SHA-256 (on the flow row). Its CSRF token is derived from the id, so it needs no storage and
 * is useless without the cookie. The cookie never authenticates anything outside these pages.
 */
final class BrowserSession {
    static final String COOKIE = "kiste_login_flow";
    private static final int ID_LENGTH = 43; // about 256 bits

    private final String id;

    private BrowserSession(String id) {
        this.id = id;
    }

    static BrowserSession create() {
        return new BrowserSession(RandomTokens.alphanumeric(ID_LENGTH));
    }

    /** The session cookie the request carries, if any (not yet checked against a flow). */
    static BrowserSession fromRequest(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && RandomTokens.wellFormed(c.getValue(), ID_LENGTH)) {
                return new BrowserSession(c.getValue());
            }
        }
        return null;
    }

    byte[] hash() {
        return RandomTokens.sha256(id);
    }

    /** True when this session is the one bound to a flow (by its stored hash). */
    boolean matches(byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(), storedHash);
    }

    String csrfToken() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(id.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] t = mac.doFinal("kiste login flow csrf".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean csrfMatches(String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the cookie for {@code path} (the flow's own URL, so flows in other tabs keep their own sessions); a
     * session cookie (no expiry), HttpOnly, SameSite=Lax, and Secure when the page was reached over HTTPS.
     */
    void setCookie(HttpServletRequest req, HttpServletResponse resp, String path) {
        resp.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=" + path + "; HttpOnly; SameSite=Lax"
                + (req.isSecure() ? "; Secure" : ""));
    }
}
