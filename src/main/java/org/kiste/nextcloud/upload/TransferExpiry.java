package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes transfers nobody touched for {@code uploads.max-age} (Nextcloud's clients start over when a resumed
 * transfer is gone), and chunk bodies a crash left half-received. A transfer being assembled is skipped.
 */
public final class TransferExpiry {
    private static final Logger log = LoggerFactory.getLogger(TransferExpiry.class);
    /** Transfers looked at per run; the next run goes on. */
    private static final int BATCH = 10_000;

    private final ChunkStore store;
    private final AssemblyLock lock;
    private final Duration maxAge;
    private final Clock clock;

    public TransferExpiry(ChunkStore store, AssemblyLock lock, Duration maxAge, Clock clock) {
        this.store = store;
        this.lock = lock;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** One bounded pass; returns the number of transfers removed. */
    public int run() {
        long cutoff = clock.millis() - maxAge.toMillis();
        int removed = 0;
        try {
            List<Transfer> all = store.all(BATCH);
            for (Transfer t : all) {
                if (t.lastModified() >= cutoff) {
                    continue;
                }
                try {
                    if (lock.exclusively(t.userId(), t.id(), () -> store.deleteTransfer(t.userId(), t.id()))) {
                        removed++;
                    }
                } catch (TransferBusyException e) {
                    // being assembled right now
                }
            }
            store.removeStaleParts(cutoff);
        } catch (IOException e) {
            log.warn("upload expiry: {}", e.getMessage());
        }
        if (removed > 0) {
            log.info("removed {} abandoned uploads", removed);
        }
        return removed;
    }
}
