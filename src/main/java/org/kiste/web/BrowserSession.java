package org.kiste.web;

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
 * A browser session of one page family: a random id in a cookie (its name chosen by the pages, scoped to the
 * page's URL); the server keeps at most its SHA-256 (login flows keep it on the flow row). Its CSRF token is
 * derived from the id and the page family's purpose, so it needs no storage and is useless without the cookie.
 * The cookie never authenticates anything outside its pages.
 */
public final class BrowserSession {
    private static final int ID_LENGTH = 43; // about 256 bits

    private final String cookie;
    private final String purpose;
    private final String id;

    private BrowserSession(String cookie, String purpose, String id) {
        this.cookie = cookie;
        this.purpose = purpose;
        this.id = id;
    }

    /** A new session for cookie {@code cookie}; {@code purpose} separates the CSRF tokens of page families. */
    public static BrowserSession create(String cookie, String purpose) {
        return new BrowserSession(cookie, purpose, RandomTokens.alphanumeric(ID_LENGTH));
    }

    /** The session cookie the request carries, if any (not yet checked against anything). */
    public static BrowserSession fromRequest(HttpServletRequest req, String cookie, String purpose) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (cookie.equals(c.getName()) && RandomTokens.wellFormed(c.getValue(), ID_LENGTH)) {
                return new BrowserSession(cookie, purpose, c.getValue());
            }
        }
        return null;
    }

    public byte[] hash() {
        return RandomTokens.sha256(id);
    }

    /** True when this session is the one bound to a flow (by its stored hash). */
    public boolean matches(byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(), storedHash);
    }

    public String csrfToken() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(id.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] t = mac.doFinal(("kiste " + purpose + " csrf").getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean csrfMatches(String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        csrfToken().getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the cookie for {@code path} (the page's own URL, so pages in other tabs keep their own sessions); a
     * session cookie (no expiry), HttpOnly, SameSite=Lax, and Secure when the page was reached over HTTPS.
     */
    public void setCookie(HttpServletRequest req, HttpServletResponse resp, String path) {
        resp.addHeader(
                "Set-Cookie",
                cookie + "=" + id + "; Path=" + path + "; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
    }
}
