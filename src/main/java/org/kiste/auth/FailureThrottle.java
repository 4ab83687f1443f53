package org.kiste.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed password attempts per key (a client address, a link): after {@code limit} failures within
 * {@code window} (counted from the first), further attempts for that key are refused until the window ends.
 * The login pages count per address (the per-flow counter lives on the flow itself); public links count per
 * link and per address.
 */
public final class FailureThrottle {
    private final int limit;
    private final Cache<String, AtomicInteger> failures;

    public FailureThrottle(int limit, Duration window) {
        this.limit = limit;
        this.failures = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(window)
                .build();
    }

    public boolean blocked(String key) {
        AtomicInteger n = failures.getIfPresent(key);
        return n != null && n.get() >= limit;
    }

    public void failed(String key) {
        failures.get(key, a -> new AtomicInteger()).incrementAndGet();
    }
}
