package org.kiste.auth;

import java.time.Duration;

/**
 * How one kind of throttle backs off: {@code free} attempts cost nothing; after that many the next one waits
 * {@code firstWait}, and each attempt after it doubles the wait, up to {@code maxWait}. A key with no counted
 * attempt for {@code forget} starts again from zero.
 */
public record ThrottlePolicy(int free, Duration firstWait, Duration maxWait, Duration forget) {

    /** How long the next attempt waits after {@code attempts} counted ones. */
    public Duration waitAfter(int attempts) {
        int over = attempts - free;
        if (over < 0) {
            return Duration.ZERO;
        }
        if (over > 40) {
            return maxWait;
        }
        Duration wait = firstWait.multipliedBy(1L << over);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
