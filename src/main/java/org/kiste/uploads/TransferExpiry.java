package org.kiste.uploads;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes transfers nobody touched for {@code uploads.max-age} (Nextcloud's clients start over when a resumed
 * transfer is gone); their chunks' blobs go to the garbage collector. A transfer being assembled is skipped.
 */
public final class TransferExpiry {
    private static final Logger log = LoggerFactory.getLogger(TransferExpiry.class);
    /** Transfers looked at per run; the next run goes on. */
    private static final int BATCH = 10_000;

    private final ChunkedUploads uploads;
    private final Duration maxAge;
    private final Clock clock;

    public TransferExpiry(ChunkedUploads uploads, Duration maxAge, Clock clock) {
        this.uploads = uploads;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** One bounded pass; returns the number of transfers removed. */
    public int run() {
        int removed = uploads.expire(clock.millis() - maxAge.toMillis(), BATCH);
        if (removed > 0) {
            log.info("removed {} abandoned uploads", removed);
        }
        return removed;
    }
}
