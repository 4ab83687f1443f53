package org.kiste.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Requests that present the same credentials while their check runs wait for that check instead of being
 * counted on their own: a client's parallel first requests are one attempt, so they cannot hold each other back
 * (a burst of more right attempts than the free ones would otherwise set a wait), and repeating one wrong
 * password in parallel buys no extra guesses.
 */
public final class LoginAttempts {
    /** Longest account name that can exist; longer ones are counted against the address only. */
    private static final int MAX_LOGIN = 64;

    private final Throttles throttles;
    private final KnownAddresses knownAddresses;
    private final Authenticator unguessable;
    private final Authenticator remembered;
    private final Authenticator passwords;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<Principal>>> checking =
            new ConcurrentHashMap<>();

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
        String flight = address + "\n" + login + "\n" + digest(secret);
        CompletableFuture<Optional<Principal>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Principal>> running = checking.putIfAbsent(flight, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Throttles.Attempt attempt = throttles.count(keys);
            p = passwords.authenticate(login, secret);
            if (p.isPresent()) {
                throttles.succeeded(attempt);
                knownAddresses.loggedIn(login, address);
            }
            mine.complete(p);
            return p;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(flight, mine);
        }
    }

    /** What identifies a secret among the checks in flight, without keeping the secret itself. */
    private static String digest(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
