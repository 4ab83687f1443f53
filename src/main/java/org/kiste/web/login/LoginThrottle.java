package org.kiste.web.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed password attempts on the login pages per client address: after {@code limit} failures within
 * {@code window} (counted from the first), further attempts from that address are refused until the window
 * ends. The per-flow counter lives on the flow itself; this one stops an attacker who opens flow after flow.
 */
final class LoginThrottle {
    private final int limit;
    private final Cache<String, AtomicInteger> failures;

    LoginThrottle(int limit, Duration window) {
        this.limit = limit;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    }

    boolean blocked(String address) {
        AtomicInteger n = failures.getIfPresent(address);
        return n != null && n.get() >= limit;
    }

    void failed(String address) {
        failures.get(address, a -> new AtomicInteger()).incrementAndGet();
    }
}
