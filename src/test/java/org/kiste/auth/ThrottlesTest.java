package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.MovableClock;
import org.kiste.testing.TestServer;

/** The database-backed throttle: back-off, its cap, forgetting, taking back a right attempt, atomic counting. */
class ThrottlesTest {
    private final TestServer s = TestServer.get();
    private final MovableClock clock = new MovableClock();
    private final ThrottlePolicy policy =
            new ThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(1));
    private final Throttles throttles = new Throttles(
            s.backend.database(),
            Map.of(
                    Throttles.Kind.ADDRESS, policy,
                    Throttles.Kind.ACCOUNT, policy,
                    Throttles.Kind.LINK, policy,
                    Throttles.Kind.LINK_ALL, policy,
                    Throttles.Kind.FLOW_START, policy),
            clock);

    private static Throttles.Key freshAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Throttles.Key.address("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256));
    }

    private long heldBack(List<Throttles.Key> keys) {
        try {
            throttles.count(keys);
        } catch (TooManyAttempts e) {
            return e.retryAfterSeconds();
        }
        throw new AssertionError("the attempt was not held back");
    }

    @Test
    void aLinksKeysAreResetTogetherAndOnlyThem() {
        long link = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        throttles.count(List.of(Throttles.Key.link(link, "10.9.8.7"), Throttles.Key.linkAll(link)));
        throttles.count(List.of(Throttles.Key.link(link, "10.9.8.6"), Throttles.Key.linkAll(link)));
        throttles.count(List.of(Throttles.Key.link(link + 1, "10.9.8.7"), Throttles.Key.linkAll(link + 1)));
        assertThat(throttles.resetLink(link)).isEqualTo(3);
        assertThat(throttles.list(100_000))
                .extracting(Throttles.Entry::subject)
                .contains(Long.toString(link + 1), (link + 1) + "@10.9.8.7")
                .doesNotContain(Long.toString(link), link + "@10.9.8.7", link + "@10.9.8.6");
    }

    @Test
    void afterTheFreeAttemptsEachWaitsTwiceAsLongUpToTheCap() {
        List<Throttles.Key> key = List.of(freshAddress());
        for (int i = 0; i < 3; i++) {
            throttles.count(key); // three free; after them the next one waits
        }
        assertThat(heldBack(key)).isEqualTo(1);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(waits.isEmpty() ? 1 : waits.get(waits.size() - 1)));
            throttles.count(key);
            waits.add(heldBack(key));
        }
        assertThat(waits).containsExactly(2L, 4L, 8L, 10L, 10L, 10L);
        // a held-back attempt is not counted and checking costs no count either
        assertThatThrownBy(() -> throttles.check(key)).isInstanceOf(TooManyAttempts.class);
        // forgotten after an hour without a counted attempt
        clock.advance(Duration.ofHours(1).plusSeconds(11));
        for (int i = 0; i < 3; i++) {
            throttles.count(key);
        }
        assertThat(heldBack(key)).isEqualTo(1);
    }

    @Test
    void aRightAttemptIsTakenBackWithTheWaitItSet() {
        List<Throttles.Key> key = List.of(freshAddress());
        throttles.count(key);
        throttles.count(key);
        Throttles.Attempt third = throttles.count(key);
        assertThatThrownBy(() -> throttles.check(key)).isInstanceOf(TooManyAttempts.class);
        throttles.succeeded(third);
        throttles.check(key); // no wait any more
        throttles.count(key); // and the count is back at two: this is the third again
        assertThat(heldBack(key)).isEqualTo(1);
    }

    @Test
    void rightAttemptsCountedTogetherLeaveNoWaitBehind() {
        // a client's parallel first requests: four right passwords counted before any is checked (three free; the
        // third and the fourth each set a wait), taken back in the order they were counted and in the reverse one
        for (boolean reverse : new boolean[] {false, true}) {
            List<Throttles.Key> key = List.of(freshAddress());
            List<Throttles.Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                attempts.add(throttles.count(key));
            }
            clock.advance(Duration.ofSeconds(1));
            attempts.add(throttles.count(key));
            if (reverse) {
                java.util.Collections.reverse(attempts);
            }
            attempts.forEach(throttles::succeeded);
            throttles.check(key); // no wait is left
            for (int i = 0; i < 3; i++) {
                throttles.count(key); // and all three free attempts are there again
            }
            assertThat(heldBack(key)).isEqualTo(1);
        }
    }

    @Test
    void concurrentAttemptsAreCountedOneByOne() throws Exception {
        List<Throttles.Key> keys = List.of(freshAddress(), Throttles.Key.account("guessed" + System.nanoTime()));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> admitted = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                admitted.add(pool.submit(() -> {
                    try {
                        throttles.count(keys);
                        return true;
                    } catch (TooManyAttempts e) {
                        return false;
                    }
                }));
            }
            int n = 0;
            for (Future<Boolean> f : admitted) {
                n += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            // three free, the third sets a wait: every later one sees it
            assertThat(n).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        assertThat(ClientAddress.of("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.of("[2001:db8:1:2:bbbb:cccc:dddd:eeee]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
        assertThat(ClientAddress.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.of("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.of("not.an.address.example")).isEqualTo("not.an.address.example");
    }
}
