package org.kiste.testing;

import java.time.Duration;
import org.kiste.store.BlobCollector;

/**
 * Runs the blob garbage collector at once, without grace periods, as its housekeeping job would once they are
 * over: bytes no row names and blobs handed to it go. Only for tests whose own uploads are done.
 */
public final class Collector {
    private Collector() {}

    public static void collectNow(TestServer s) {
        BlobCollector gc = new BlobCollector(s.backend.database(), s.backend.blobs(), Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < 1000 && gc.run() > 0; i++) {
            // a pass takes a bounded batch; the test database holds what earlier tests left
        }
        gc.sweep(s.backend.blobs().parts());
    }
}
