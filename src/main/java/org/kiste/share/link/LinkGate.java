package org.kiste.share.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.kiste.auth.ClientAddress;
import org.kiste.auth.KnownAddresses;
import org.kiste.auth.RandomTokens;
import org.kiste.auth.Throttles;
import org.kiste.auth.TooManyAttempts;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.SharePermissions;
import org.kiste.share.PublicLinks;

/**
 * The one way in through a public link, for every door (the page and the public WebDAV): the live link of a
 * token (read from the database on every request, so an expired or revoked link answers 404 at once), its
 * password checked under the password throttles, and the files core's principal for its visitor.
 *
 * <p>Wrong link passwords are counted per client address (on any door, as for account passwords), per link and
 * address ({@link Throttles.Kind#LINK}): a guesser is held back, while the link's other visitors, coming from
 * other addresses, are not; and per link from all addresses together ({@link Throttles.Kind#LINK_ALL}, more
 * generous), so that a guesser spread over many addresses is held back too. That last limit does not apply to
 * an address that gave the link's password recently (as for accounts, {@link KnownAddresses}), nor to a visitor
 * whose password was just verified; a browser that unlocked the link carries its proof and is not asked again.
 *
 * <p>A WebDAV client sends the password with every request; a right password is remembered for a minute (as a
 * digest together with the stored hash, so a changed password is never taken for the old one) to spare a bcrypt
 * round per request. The link itself is still looked up on every request.
 */
public final class LinkGate {
    /** The outcome of a password check that was made. */
    public enum Check {
        OK,
        WRONG
    }

    private final PublicLinks shares;
    private final Throttles throttles;
    private final KnownAddresses knownAddresses;
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public LinkGate(PublicLinks shares, Throttles throttles, KnownAddresses knownAddresses) {
        this.shares = shares;
        this.throttles = throttles;
        this.knownAddresses = knownAddresses;
    }

    /** The live link of {@code token}: not expired, not revoked, its item not deleted. */
    public Optional<Share> find(String token) {
        return shares.findLink(token);
    }

    /** The files core's principal for a visitor of {@code link}; empty when its item is gone meanwhile. */
    public Optional<Principal> visitor(Share link) {
        return shares.linkVisitor(link);
    }

    /**
     * Throws {@link TooManyAttempts} when password attempts for this link from this address are held back now
     * (for the page, which then shows no form).
     */
    public void checkThrottle(Share link, String remoteAddr) {
        if (link.hasPassword()) {
            String address = ClientAddress.of(remoteAddr);
            throttles.check(keys(link, address, !knownAddresses.known(visitorsOf(link), address)));
        }
    }

    /**
     * Checks {@code password} against the link's (OK for a link without one), counting the attempt first.
     *
     * @throws TooManyAttempts when attempts for this link from this address are held back now (nothing checked)
     */
    public Check checkPassword(Share link, String password, String remoteAddr) {
        if (!link.hasPassword()) {
            return Check.OK;
        }
        String address = ClientAddress.of(remoteAddr);
        String key = password == null
                ? null
                : link.id() + ":"
                        + Base64.getEncoder()
                                .encodeToString(RandomTokens.sha256(link.passwordHash() + "\n" + password));
        if (key != null && verified.getIfPresent(key) != null) {
            // proven right a moment ago: only this address's own guessing holds it back
            throttles.check(keys(link, address, false));
            return Check.OK;
        }
        List<Throttles.Key> keys = keys(link, address, !knownAddresses.known(visitorsOf(link), address));
        throttles.check(keys);
        if (password == null || password.isEmpty()) {
            throttles.count(keys);
            return Check.WRONG;
        }
        Throttles.Attempt attempt = throttles.count(keys);
        if (shares.passwordMatches(link, password)) {
            throttles.succeeded(attempt);
            verified.put(key, Boolean.TRUE);
            knownAddresses.loggedIn(visitorsOf(link), address);
            return Check.OK;
        }
        return Check.WRONG;
    }

    /** An upload-only ("file drop") link: visitors may add files but see nothing of the folder. */
    public static boolean isDrop(Share link) {
        return link.folder() && (link.permissions() & SharePermissions.READ) == 0;
    }

    private static List<Throttles.Key> keys(Share link, String address, boolean linkWide) {
        return linkWide
                ? List.of(
                        Throttles.Key.address(address),
                        Throttles.Key.link(link.id(), address),
                        Throttles.Key.linkAll(link.id()))
                : List.of(Throttles.Key.address(address), Throttles.Key.link(link.id(), address));
    }

    /**
     * The name under which the addresses that gave a link's password are remembered, apart from account names
     * (which cannot contain a space).
     */
    private static String visitorsOf(Share link) {
        return "link " + link.id();
    }
}
