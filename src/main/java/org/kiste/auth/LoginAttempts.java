package org.kiste.auth;

import java.util.List;
import java.util.Optional;
import org.kiste.model.Principal;

/**
 * The one way a password door logs a client in: Basic on WebDAV and OCS, the Login Flow form. Attempts are
 * throttled per client address and per account name (see {@link Throttles}): the account's throttle does not
 * apply to an address that logged in to the account recently ({@link KnownAddresses}).
 *
 * <p>In order: an app password is accepted when it matches, even while the address waits (72 random characters
 * are never guessed, and so one device with an outdated password cannot lock out the other devices behind the same
 * address); then the throttles are asked, and a held-back attempt is refused unchecked; a password verified moments
 * ago is accepted without bcrypt; any other attempt is counted before its password is checked, and taken back when
 * it was right. Every refusal costs one bcrypt verification, whether the account exists or not.
 */
public final class LoginAttempts {
    /** Longest account name that can exist; longer ones are counted against the address only. */
    private static final int MAX_LOGIN = 64;

    private final Throttles throttles;
    private final KnownAddresses knownAddresses;
    private final Authenticator unguessable;
    private final Authenticator remembered;
    private final Authenticator passwords;

    /**
     * @param unguessable app passwords (a lookup of their hash), or nothing for doors that take account passwords
     * @param remembered account passwords verified recently (no bcrypt)
     * @param passwords the account passwords (one bcrypt verification per refusal)
     */
    public LoginAttempts(
            Throttles throttles,
            KnownAddresses knownAddresses,
            Authenticator unguessable,
            Authenticator remembered,
            Authenticator passwords) {
        this.throttles = throttles;
        this.knownAddresses = knownAddresses;
        this.unguessable = unguessable;
        this.remembered = remembered;
        this.passwords = passwords;
    }

    /**
     * The principal of the credentials presented from {@code remoteAddr}, or empty when they are wrong.
     *
     * @throws TooManyAttempts when the address or the account is held back for now (nothing was checked)
     */
    public Optional<Principal> logIn(String remoteAddr, String login, String secret) {
        String address = ClientAddress.of(remoteAddr);
        Optional<Principal> p = unguessable.authenticate(login, secret);
        if (p.isPresent()) {
            knownAddresses.loggedIn(login, address);
            return p;
        }
        boolean account = !login.isEmpty() && login.length() <= MAX_LOGIN;
        List<Throttles.Key> keys = account && !knownAddresses.known(login, address)
                ? List.of(Throttles.Key.address(address), Throttles.Key.account(login))
                : List.of(Throttles.Key.address(address));
        throttles.check(keys);
        p = remembered.authenticate(login, secret);
        if (p.isPresent()) {
            knownAddresses.loggedIn(login, address);
            return p;
        }
        Throttles.Attempt attempt = throttles.count(keys);
        p = passwords.authenticate(login, secret);
        if (p.isPresent()) {
            throttles.succeeded(attempt);
            knownAddresses.loggedIn(login, address);
        }
        return p;
    }
}
