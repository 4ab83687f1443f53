package org.kiste.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.kiste.model.Account;
import org.kiste.model.AppPassword;
import org.kiste.model.Principal;
import org.kiste.store.AppPasswordRepository;
import org.kiste.store.Database;
import org.kiste.store.UserRepository;

/**
 * App passwords as Basic passwords. The Basic user must be the login name the app password was created for (or
 * the account's login). A row and its account are re-read at most every 500 ms, so a revoked app password or a
 * disabled account — also from the admin CLI in another process — stops working within a second. The last use
 * is written at most once a minute per app password.
 */
public final class AppPasswordAuthenticator implements Authenticator {
    private static final Duration ROW_TTL = Duration.ofMillis(500);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private record Match(AppPassword appPassword, Account account) {}

    /** A lookup result and the revocation count it was read under. */
    private record Entry(long revocations, Match match) {}

    private final Database db;
    private final AppPasswords appPasswords;
    private final AppPasswordRepository rows = new AppPasswordRepository();
    private final UserRepository users = new UserRepository();
    private final Cache<String, Entry> matches =
            Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(ROW_TTL).build();
    private final Cache<Long, Boolean> touched = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(TOUCH_INTERVAL)
            .build();

    public AppPasswordAuthenticator(Database db, AppPasswords appPasswords) {
        this.db = db;
        this.appPasswords = appPasswords;
    }

    @Override
    public Optional<Principal> authenticate(String login, String secret) {
        if (login.isEmpty() || !AppPasswords.looksLikeSecret(secret)) {
            return Optional.empty();
        }
        byte[] hash = AppPasswords.hash(secret);
        String key = HexFormat.of().formatHex(hash);
        Entry e = matches.getIfPresent(key);
        if (e == null || e.revocations() != appPasswords.revocations()) {
            // a revocation in this process applies to the next request; other processes' within ROW_TTL
            long gen = appPasswords.revocations();
            e = new Entry(gen, db.read(c -> {
                AppPassword ap = rows.byHash(c, hash);
                Account a = ap == null ? null : users.byId(c, ap.userId());
                return a == null ? null : new Match(ap, a);
            }));
            matches.put(key, e);
        }
        if (e.match() == null) {
            return Optional.empty();
        }
        AppPassword ap = e.match().appPassword();
        Account a = e.match().account();
        if (!a.enabled() || !(login.equals(ap.loginName()) || login.equals(a.login()))) {
            return Optional.empty();
        }
        if (touched.asMap().putIfAbsent(ap.id(), Boolean.TRUE) == null) {
            appPasswords.touch(ap.id());
        }
        return Optional.of(a.principal().withAppPassword(ap.id()));
    }
}
