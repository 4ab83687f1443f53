package org.kiste.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import org.kiste.store.Database;
import org.kiste.store.ThrottleRepository;

/**
 * Client addresses (IPv6: their /64) that logged in to an account recently. Such an address is not held back by
 * the account's throttle, so guessing from elsewhere cannot lock the account's real user out of their usual
 * places. A login is written at most once an hour per account and address and process; a known address is
 * believed for five minutes without asking the database again.
 */
public final class KnownAddresses {
    private static final Duration WRITE_INTERVAL = Duration.ofHours(1);
    private static final int PURGE_BATCH = 1000;

    private final Database db;
    private final ThrottleRepository rows = new ThrottleRepository();
    private final Duration memory;
    private final Clock clock;
    private final Cache<String, Boolean> known = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();
    private final Cache<String, Boolean> written = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(WRITE_INTERVAL)
            .build();

    /** @param memory how long a successful login keeps an address known */
    public KnownAddresses(Database db, Duration memory, Clock clock) {
        this.db = db;
        this.memory = memory;
        this.clock = clock;
    }

    public boolean known(String login, String address) {
        String key = login + "\n" + address;
        if (known.getIfPresent(key) != null) {
            return true;
        }
        long since = clock.millis() - memory.toMillis();
        boolean k = db.read(c -> rows.knownAddress(c, login, address, since));
        if (k) {
            known.put(key, Boolean.TRUE);
        }
        return k;
    }

    /** {@code address} has just logged in to {@code login}. */
    public void loggedIn(String login, String address) {
        String key = login + "\n" + address;
        known.put(key, Boolean.TRUE);
        if (written.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            long now = clock.millis();
            db.read(c -> {
                rows.rememberAddress(c, login, address, now);
                return null;
            });
        }
    }

    /** Deletes logins older than the memory; returns how many. */
    public int purgeExpired() {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            long before = clock.millis() - memory.toMillis();
            int n = db.read(c -> rows.purgeKnownAddresses(c, before, PURGE_BATCH));
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        return total;
    }

    /** Forgets what this process believes (after an operator reset). */
    public void forgetCached() {
        known.invalidateAll();
        written.invalidateAll();
    }
}
