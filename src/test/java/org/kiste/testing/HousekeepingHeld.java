package org.kiste.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kiste.store.Database;
import org.kiste.store.NamedLock;

/**
 * Holds one housekeeping job's named lock, so that the shared test server's periodic round (its first a minute
 * after the start, then every few minutes) cannot run that job while a test drives it itself: the round skips a
 * job whose lock another holder has, as a second server process would. Closing releases the lock.
 */
public final class HousekeepingHeld implements AutoCloseable {
    private final CountDownLatch release;
    private final Thread holder;

    private HousekeepingHeld(CountDownLatch release, Thread holder) {
        this.release = release;
        this.holder = holder;
    }

    /** Takes lock {@code name} (e.g. {@code kiste.version-expiry}), waiting out a round that has it now. */
    public static HousekeepingHeld hold(Database db, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread t = new Thread(
                    () -> NamedLock.exclusively(db, name, () -> {
                        held.countDown();
                        try {
                            release.await(15, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return 0;
                    }),
                    "holds " + name);
            t.setDaemon(true);
            t.start();
            while (t.isAlive() && !held.await(50, TimeUnit.MILLISECONDS)) {
                // the lock is taken at once or not at all
            }
            if (held.getCount() == 0) {
                return new HousekeepingHeld(release, t);
            }
            t.join(5_000);
            Thread.sleep(200); // a round has the job now; its runs are short
        }
        throw new IllegalStateException("the housekeeping lock " + name + " stayed taken for two minutes");
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        holder.join(10_000);
    }
}
