package org.kiste.auth;

import java.util.List;
import java.util.Optional;
import org.kiste.model.Principal;

/**
 * The one way a password door logs a client in: Basic on WebDAV and OCS, the Login Flow form. Attempts are
 * throttled per client address and per account name (see {@link Throttles}): the account's throttle does not
 * apply to an address that logged in to the account recently ({@link KnownAddresses}). Credentials that cost no
 * password check to confirm (an app password, a password verified moments ago) are only checked against the
 * throttles; any other attempt is counted before its password is checked, and taken back when it was right.
 * Every refusal costs one bcrypt verification, whether the account exists or not.
 */
public final class LoginAttempts {
    /** Longest account name that can exist; longer ones are counted against the address only. */
    private static final int MAX_LOGIN = 64;

    private final Throttles throttles;
    private final KnownAddresses knownAddresses;
    private final List<Authenticator> cheap;
    private final Authenticator passwords;

    /**
     * @param cheap authenticators that confirm without a password check, tried first
     * @param passwords the account passwords (one bcrypt verification per refusal)
     */
    public LoginAttempts(
            Throttles throttles, KnownAddresses knownAddresses, List<Authenticator> cheap, Authenticator passwords) {
        this.throttles = throttles;
        this.knownAddresses = knownAddresses;
        this.cheap = List.copyOf(cheap);
        this.passwords = passwords;
    }

    /**
     * The principal of the credentials presented from {@code remoteAddr}, or empty when they are wrong.
     *
     * @throws TooManyAttempts when the address or the account is held back for now (nothing was checked)
     */
    public Optional<Principal> logIn(String remoteAddr, String login, String secret) {
        String address = ClientAddress.of(remoteAddr);
        boolean account = !login.isEmpty() && login.length() <= MAX_LOGIN;
        List<Throttles.Key> keys = account && !knownAddresses.known(login, address)
                ? List.of(Throttles.Key.address(address), Throttles.Key.account(login))
                : List.of(Throttles.Key.address(address));
        throttles.check(keys);
        for (Authenticator a : cheap) {
            Optional<Principal> p = a.authenticate(login, secret);
            if (p.isPresent()) {
                knownAddresses.loggedIn(login, address);
                return p;
            }
        }
        Throttles.Attempt attempt = throttles.count(keys);
        Optional<Principal> p = passwords.authenticate(login, secret);
        if (p.isPresent()) {
            throttles.succeeded(attempt);
            knownAddresses.loggedIn(login, address);
        }
        return p;
    }
}
