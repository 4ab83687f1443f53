package org.kiste.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kiste.cache.Invalidations;
import org.kiste.model.Account;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.store.UserRepository;

/**
 * Account passwords. bcrypt runs once per (login, password, credential version): afterwards a keyed digest of
 * the password (never the password) is remembered. Account rows are re-read at most every 500 ms, so a new
 * password or a disabled account — also from the admin CLI in another process — applies within a second.
 */
public final class PasswordAuthenticator implements Authenticator {
    private static final Duration ACCOUNT_TTL = Duration.ofMillis(500);

    private record Verified(long credVersion, String digest) {}

    private final Database db;
    private final UserRepository users = new UserRepository();
    private final PasswordHasher hasher;
    private final byte[] cacheKey = new byte[32];
    private final Cache<String, Optional<Account>> accounts = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(ACCOUNT_TTL)
            .build();
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    public PasswordAuthenticator(Database db, Invalidations invalidations, PasswordHasher hasher) {
        this.db = db;
        this.hasher = hasher;
        new SecureRandom().nextBytes(cacheKey);
        invalidations.subscribe(Invalidations.Topic.ACCOUNT, id -> accounts.invalidateAll());
    }

    @Override
    public Optional<Principal> authenticate(String login, String secret) {
        if (login.isEmpty() || login.length() > 64 || secret.isEmpty()) {
            return Optional.empty();
        }
        Optional<Account> acc = accounts.get(login, l -> Optional.ofNullable(db.read(c -> users.byLogin(c, l))));
        if (acc.isEmpty() || !acc.get().enabled()) {
            hasher.verifyNothing(secret); // a refusal costs the same whether the account exists or not
            return Optional.empty();
        }
        Account a = acc.get();
        String digest = digest(login, secret);
        if (matchesVerified(login, a, digest)) {
            return Optional.of(a.principal());
        }
        if (!hasher.verify(secret, a.passwordHash())) {
            return Optional.empty();
        }
        verified.put(login, new Verified(a.credVersion(), digest));
        return Optional.of(a.principal());
    }

    /**
     * The principal when these exact credentials were verified recently (no bcrypt run); empty otherwise, also
     * when they may still be right.
     */
    public Optional<Principal> remembered(String login, String secret) {
        if (login.isEmpty() || login.length() > 64 || secret.isEmpty() || verified.getIfPresent(login) == null) {
            return Optional.empty();
        }
        Optional<Account> acc = accounts.get(login, l -> Optional.ofNullable(db.read(c -> users.byLogin(c, l))));
        if (acc.isEmpty() || !acc.get().enabled()) {
            return Optional.empty();
        }
        return matchesVerified(login, acc.get(), digest(login, secret))
                ? Optional.of(acc.get().principal())
                : Optional.empty();
    }

    private boolean matchesVerified(String login, Account a, String digest) {
        Verified v = verified.getIfPresent(login);
        return v != null && v.credVersion() == a.credVersion() && v.digest().equals(digest);
    }

    /** One initialised MAC per thread: looking up and keying a Mac costs more than using it. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    });

    private String digest(String login, String secret) {
        Mac mac = macs.get();
        mac.reset();
        mac.update(login.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
