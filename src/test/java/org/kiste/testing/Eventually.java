package org.kiste.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** Waits, within a bound, for a request to answer a status: for changes a server applies after a short cache expiry. */
public final class Eventually {
    private Eventually() {}

    /** Repeats {@code request} every 50 ms until it answers {@code expected}; fails with every status seen. */
    public static void status(IntSupplier request, int expected, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        List<Integer> seen = new ArrayList<>();
        do {
            int s = request.getAsInt();
            seen.add(s);
            if (s == expected) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": expected " + expected + ", got " + seen);
    }
}
