package org.kiste.share.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.kiste.auth.FailureThrottle;
import org.kiste.auth.RandomTokens;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.SharePermissions;
import org.kiste.share.PublicLinks;

/**
 * The one way in through a public link, for every door (the page and the public WebDAV): the live link of a
 * token (read from the database on every request, so an expired or revoked link answers 404 at once), its
 * password checked under brute-force limits, and the files core's principal for its visitor.
 *
 * <p>Wrong passwords are counted per link and per client address; once either count reaches its limit within
 * the window, every further attempt for that link (or from that address) is refused, right or wrong, until the
 * window ends.
 *
 * <p>A WebDAV client sends the password with every request; a right password is remembered for a minute (as a
 * digest together with the stored hash, so a changed password is never taken for the old one) to spare a bcrypt
 * round per request. The link itself is still looked up on every request.
 */
public final class LinkGate {
    /** Wrong passwords one link tolerates within {@link #WINDOW}, from anywhere. */
    public static final int LINK_ATTEMPTS = 10;
    /** Wrong link passwords one client address gets within {@link #WINDOW}, across links. */
    public static final int ADDRESS_ATTEMPTS = 20;

    public static final Duration WINDOW = Duration.ofMinutes(15);

    /** The outcome of a password check. */
    public enum Check {
        OK,
        WRONG,
        THROTTLED
    }

    private final PublicLinks shares;
    private final FailureThrottle perLink;
    private final FailureThrottle perAddress;
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public LinkGate(PublicLinks shares) {
        this(shares, LINK_ATTEMPTS, ADDRESS_ATTEMPTS, WINDOW);
    }

    public LinkGate(PublicLinks shares, int linkAttempts, int addressAttempts, Duration window) {
        this.shares = shares;
        this.perLink = new FailureThrottle(linkAttempts, window);
        this.perAddress = new FailureThrottle(addressAttempts, window);
    }

    /** The live link of {@code token}: not expired, not revoked, its item not deleted. */
    public Optional<Share> find(String token) {
        return shares.findLink(token);
    }

    /** The files core's principal for a visitor of {@code link}; empty when its item is gone meanwhile. */
    public Optional<Principal> visitor(Share link) {
        return shares.linkVisitor(link);
    }

    /** True when password attempts for this link or from this address are refused for now. */
    public boolean throttled(Share link, String address) {
        return perLink.blocked(linkKey(link)) || perAddress.blocked(address);
    }

    /** Checks {@code password} against the link's (true for a link without one), counting a wrong one. */
    public Check checkPassword(Share link, String password, String address) {
        if (!link.hasPassword()) {
            return Check.OK;
        }
        if (throttled(link, address)) {
            return Check.THROTTLED;
        }
        if (password == null || password.isEmpty()) {
            return wrong(link, address);
        }
        String key = link.id() + ":"
                + Base64.getEncoder().encodeToString(RandomTokens.sha256(link.passwordHash() + "\n" + password));
        if (verified.getIfPresent(key) != null) {
            return Check.OK;
        }
        if (shares.passwordMatches(link, password)) {
            verified.put(key, Boolean.TRUE);
            return Check.OK;
        }
        return wrong(link, address);
    }

    private Check wrong(Share link, String address) {
        perLink.failed(linkKey(link));
        perAddress.failed(address);
        return Check.WRONG;
    }

    /** An upload-only ("file drop") link: visitors may add files but see nothing of the folder. */
    public static boolean isDrop(Share link) {
        return link.folder() && (link.permissions() & SharePermissions.READ) == 0;
    }

    private static String linkKey(Share link) {
        return Long.toString(link.id());
    }
}
