package org.kiste.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.kiste.model.Account;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.store.UserRepository;
import org.kiste.store.WebSessionRepository;

/**
 * Sessions of the web pages: begun by a login with the account password, known by the SHA-256 of the cookie
 * (the cookie itself is never stored), ended by logging out, by idleness, and by anything that bumps the account's
 * credential version (a new password, disabling the account) or deletes the account, and in any case after their
 * longest lifetime. An account keeps at most {@value #MAX_PER_USER} sessions (a new one ends the oldest).
 */
public final class WebSessions {
    /** How seldom a session's last use is written. */
    private static final long TOUCH_MS = 60_000;

    private static final int PURGE_BATCH = 500;
    /** Most sessions one account keeps. */
    public static final int MAX_PER_USER = 50;

    private final Database db;
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;
    private final WebSessionRepository rows = new WebSessionRepository();
    private final UserRepository users = new UserRepository();

    /**
     * @param idle how long a session lasts unused
     * @param lifetime how long a session lasts at most, used or not
     */
    public WebSessions(Database db, Clock clock, Duration idle, Duration lifetime) {
        this.db = db;
        this.clock = clock;
        this.idle = idle;
        this.lifetime = lifetime;
    }

    /**
     * Begins a session of {@code who} for the cookie whose hash this is, and ends the session of {@code previous}
     * (the cookie the browser held before, or null); false when the account is gone or off.
     */
    public boolean begin(Principal who, byte[] hash, byte[] previous) {
        long now = clock.millis();
        return db.tx(c -> {
            Account a = users.byIdForUpdate(c, who.userId());
            if (a == null || !a.enabled()) {
                return false;
            }
            if (previous != null) {
                rows.delete(c, previous);
            }
            rows.deleteStale(c, a.id(), a.credVersion());
            rows.insert(c, hash, a.id(), a.credVersion(), now);
            rows.trim(c, a.id(), MAX_PER_USER);
            return true;
        });
    }

    /** The account of a live session, as it is now (name, admin flag); empty for an unknown or ended one. */
    public Optional<Principal> find(byte[] hash) {
        long now = clock.millis();
        return Optional.ofNullable(db.tx(c -> {
            WebSessionRepository.Row row = rows.byHash(c, hash, now - idle.toMillis(), now - lifetime.toMillis());
            if (row == null) {
                return null;
            }
            Account a = users.byId(c, row.userId());
            if (a == null || !a.enabled() || a.credVersion() != row.credVersion()) {
                rows.delete(c, hash);
                return null;
            }
            if (row.lastSeenMs() < now - TOUCH_MS) {
                rows.touch(c, row.id(), now);
            }
            return a.principal().withSession();
        }));
    }

    /** Ends the session whose cookie hash this is (logging out). */
    public void end(byte[] hash) {
        db.tx(c -> rows.delete(c, hash));
    }

    /** Deletes sessions unused for longer than the idle limit or older than the lifetime; returns how many. */
    public int purgeIdle() {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int n = db.tx(c -> rows.purgeIdle(c, clock.millis() - idle.toMillis(), PURGE_BATCH));
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        for (int round = 0; round < 100; round++) {
            int n = db.tx(c -> rows.purgeOld(c, clock.millis() - lifetime.toMillis(), PURGE_BATCH));
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        return total;
    }
}
