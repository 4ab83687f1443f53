package org.kiste.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.kiste.store.Database;
import org.kiste.store.ThrottleRepository;

/**
 * The one throttle of every door that takes a password (and of Login Flow starts), kept in the database so it
 * holds across restarts and server processes. An attempt is counted on each of its keys under the keys' row
 * locks before it is evaluated: concurrent attempts queue on the rows, so each one sees the count of those
 * before it and never a stale one. Once a key's count passes its free attempts, the next attempt on it is held
 * back until the back-off of {@link ThrottlePolicy} has passed; held-back attempts are not counted and cost no
 * password check. An attempt that turns out right is taken back.
 *
 * <p>{@link #check}, asked on every request that presents a remembered password, believes for {@link #VERDICT_TTL}
 * that a key it read holds nothing back; a key that does is read again on every check (a held-back attempt is rare,
 * and its wait may have been lifted or lengthened). Whatever this process counts, takes back or resets is forgotten
 * at once; a wait another process sets applies here within that time. Counting ({@link #count}) always reads the
 * rows under their locks.
 */
public final class Throttles {
    /** The kinds of key; each has its own {@link ThrottlePolicy}. */
    public enum Kind {
        /** Wrong passwords from one client address (IPv6: its /64), on any door. */
        ADDRESS("address"),
        /** Wrong passwords for one account name, from addresses that have not logged in to it recently. */
        ACCOUNT("account"),
        /** Wrong passwords for one public link from one client address. */
        LINK("link"),
        /**
         * Wrong passwords for one public link from every address together (a guesser spread over many addresses),
         * not counting addresses that gave the link's password recently.
         */
        LINK_ALL("link-all"),
        /** Login Flow v2 starts from one client address. */
        FLOW_START("flow-start");

        public final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    /** A throttled key: its kind, its subject within the kind, and the address and account it is about. */
    public record Key(Kind kind, String subject, String address, String login) {
        public static Key address(String address) {
            return new Key(Kind.ADDRESS, address, address, null);
        }

        public static Key account(String login) {
            return new Key(Kind.ACCOUNT, login, null, login);
        }

        public static Key link(long linkId, String address) {
            return new Key(Kind.LINK, linkId + "@" + address, address, null);
        }

        public static Key linkAll(long linkId) {
            return new Key(Kind.LINK_ALL, Long.toString(linkId), null, null);
        }

        public static Key flowStart(String address) {
            return new Key(Kind.FLOW_START, address, address, null);
        }
    }

    /** A key an attempt was counted on, so that a right attempt can be taken back. */
    private record Mark(Key key) {}

    /** An attempt counted on its keys (see {@link #count}). */
    public static final class Attempt {
        private final List<Mark> marks;

        private Attempt(List<Mark> marks) {
            this.marks = marks;
        }
    }

    /** One row as {@code kiste throttle list} shows it. */
    public record Entry(String kind, String subject, int failures, long lastMs, long blockedUntilMs) {}

    private static final int PURGE_BATCH = 1000;
    /** How long {@link #check} believes that a key it read holds nothing back. */
    static final Duration VERDICT_TTL = Duration.ofSeconds(1);

    private final Database db;
    private final ThrottleRepository rows = new ThrottleRepository();
    private final Map<Kind, ThrottlePolicy> policies;
    private final Clock clock;
    /** Per key: until when it holds attempts back (0: not at all), as last read here. */
    private final Cache<Key, Long> waits = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(VERDICT_TTL)
            .build();
    /** Bumped by every change this process makes; a read that overlapped one does not remember what it read. */
    private final AtomicLong changes = new AtomicLong();

    public Throttles(Database db, Map<Kind, ThrottlePolicy> policies, Clock clock) {
        this.db = db;
        this.policies = Map.copyOf(policies);
        this.clock = clock;
    }

    /**
     * Throws {@link TooManyAttempts} when any of the keys holds attempts back now; nothing is counted. For
     * credentials that cost no password check to confirm (a remembered password, an app password).
     */
    public void check(List<Key> keys) {
        long now = clock.millis();
        long until = 0;
        List<Key> unknown = null;
        for (Key k : keys) {
            Long w = waits.getIfPresent(k);
            if (w == null || w > now) {
                // a wait is read again each time: it may have been lifted or lengthened meanwhile
                if (unknown == null) {
                    unknown = new ArrayList<>(keys.size());
                }
                unknown.add(k);
            } else {
                until = Math.max(until, w);
            }
        }
        if (unknown != null) {
            until = Math.max(until, read(unknown, now));
        }
        if (until > now) {
            throw new TooManyAttempts(seconds(until - now));
        }
    }

    /** Reads the keys' rows and remembers each key's wait; returns the longest. */
    private long read(List<Key> keys, long now) {
        List<String> kinds = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        for (Key k : keys) {
            kinds.add(k.kind().id);
            subjects.add(k.subject());
        }
        long seen = changes.get();
        long until = 0;
        Map<Key, Long> found = new HashMap<>();
        for (ThrottleRepository.Row r : db.read(c -> rows.find(c, kinds, subjects))) {
            if (r.expiresMs() > now) {
                until = Math.max(until, r.blockedUntilMs());
                for (Key k : keys) {
                    if (k.kind().id.equals(r.kind()) && k.subject().equals(r.subject())) {
                        found.merge(k, r.blockedUntilMs(), Math::max);
                    }
                }
            }
        }
        if (changes.get() == seen) {
            for (Key k : keys) {
                waits.put(k, found.getOrDefault(k, 0L));
            }
            if (changes.get() != seen) {
                // a change of this process came between the check and the puts: what was put may predate it
                waits.invalidateAll(keys);
            }
        }
        return until;
    }

    /**
     * Counts an attempt on every key, or, when any key holds attempts back now, throws {@link TooManyAttempts}
     * and counts nothing. The rows are locked in one order, so two attempts on the same keys cannot deadlock.
     */
    public Attempt count(List<Key> keys) {
        List<Key> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.comparing((Key k) -> k.kind().id).thenComparing(Key::subject));
        long now = clock.millis();
        Object result;
        try {
            result = db.tx(c -> {
                List<ThrottleRepository.Row> locked = new ArrayList<>();
                long until = 0;
                for (Key k : ordered) {
                    ThrottleRepository.Row r =
                            rows.lockOrCreate(c, k.kind().id, k.subject(), k.address(), k.login(), now);
                    locked.add(r);
                    if (r.expiresMs() > now) {
                        until = Math.max(until, r.blockedUntilMs());
                    }
                }
                if (until > now) {
                    return until - now; // held back: the transaction writes nothing
                }
                List<Mark> marks = new ArrayList<>();
                for (int i = 0; i < ordered.size(); i++) {
                    Key k = ordered.get(i);
                    ThrottleRepository.Row r = locked.get(i);
                    ThrottlePolicy p = policies.get(k.kind());
                    boolean live = r.expiresMs() > now;
                    int failures = (live ? r.failures() : 0) + 1;
                    long prior = live ? r.blockedUntilMs() : 0;
                    long wait = p.waitAfter(failures).toMillis();
                    long blockedUntil = wait > 0 ? now + wait : prior;
                    long expires = Math.max(now + p.forget().toMillis(), blockedUntil);
                    rows.update(c, k.kind().id, k.subject(), failures, now, blockedUntil, expires);
                    marks.add(new Mark(k));
                }
                return new Attempt(marks);
            });
        } finally {
            forget(keys);
        }
        if (result instanceof Long waitMs) {
            throw new TooManyAttempts(seconds(waitMs));
        }
        return (Attempt) result;
    }

    /** The counted attempt was right: it is taken back from every key, and any wait it set is lifted. */
    public void succeeded(Attempt attempt) {
        try {
            db.tx(c -> {
                for (Mark m : attempt.marks) {
                    rows.refund(
                            c,
                            m.key().kind().id,
                            m.key().subject(),
                            policies.get(m.key().kind()).free());
                }
                return null;
            });
        } finally {
            forget(attempt.marks.stream().map(Mark::key).toList());
        }
    }

    /** This process changed the keys' rows (or may have): {@link #check} reads them again. */
    private void forget(List<Key> keys) {
        changes.incrementAndGet();
        waits.invalidateAll(keys);
    }

    /** Rows were deleted: every key is read again. */
    private <T> T forgetAll(T result) {
        changes.incrementAndGet();
        waits.invalidateAll();
        return result;
    }

    /** Keys with counted attempts that are still remembered, most recent first. */
    public List<Entry> list(int limit) {
        return db.read(c -> rows.live(c, clock.millis(), limit)).stream()
                .map(r -> new Entry(r.kind(), r.subject(), r.failures(), r.lastMs(), r.blockedUntilMs()))
                .toList();
    }

    /** Forgets every key about this client address (or /64); returns how many. */
    public int resetAddress(String address) {
        return forgetAll(db.tx(c -> rows.deleteByAddress(c, ClientAddress.of(address))));
    }

    /** Forgets the key of this account name; returns how many. */
    public int resetAccount(String login) {
        return forgetAll(db.tx(c -> rows.deleteByLogin(c, login)));
    }

    /** Forgets the keys of one public link (by its share id), from all addresses; returns how many. */
    public int resetLink(long linkId) {
        return forgetAll(db.tx(c -> rows.deleteByLink(c, linkId)));
    }

    public int resetAll() {
        return forgetAll(db.tx(rows::deleteAll));
    }

    /** Deletes rows nobody needs to remember any more; returns how many. */
    public int purgeExpired() {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int n = db.read(c -> rows.purgeExpired(c, clock.millis(), PURGE_BATCH));
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        return total;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
