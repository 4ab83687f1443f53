package org.kiste.web.publiclink;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kiste.auth.RandomTokens;
import org.kiste.model.Share;

/**
 * The proof that a browser entered a link's password: a cookie scoped to the link's page URL holding an expiry, a
 * random nonce and an HMAC-SHA256 of both (with the link's id and token) keyed by the link's stored password hash.
 * It needs no server-side state, holds in every server process, and is worth nothing once the password changes or
 * is removed (the key changes) or the link goes (the page looks the link up first).
 */
final class LinkUnlock {
    static final String COOKIE = "kiste_link_unlocked";
    static final Duration LIFETIME = Duration.ofHours(12);

    private final Clock clock;

    LinkUnlock(Clock clock) {
        this.clock = clock;
    }

    /** True when the link needs no password or the request carries a valid proof for it. */
    boolean unlocked(HttpServletRequest req, Share link) {
        if (!link.hasPassword()) {
            return true;
        }
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && valid(c.getValue(), link)) {
                return true;
            }
        }
        return false;
    }

    void grant(HttpServletRequest req, HttpServletResponse resp, Share link, String path) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String nonce = RandomTokens.alphanumeric(22);
        String value = expires + "." + nonce + "." + mac(link, expires, nonce);
        resp.addHeader(
                "Set-Cookie",
                COOKIE + "=" + value + "; Path=" + path + "; Max-Age=" + LIFETIME.toSeconds()
                        + "; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
    }

    private boolean valid(String value, Share link) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (expires < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(
                mac(link, expires, parts[1]).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.UTF_8));
    }

    private static String mac(Share link, long expires, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(link.passwordHash().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] t = mac.doFinal(("kiste link unlock|" + link.id() + "|" + link.token() + "|" + expires + "|" + nonce)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
