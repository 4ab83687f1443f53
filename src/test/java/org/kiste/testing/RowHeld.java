package org.kiste.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kiste.store.Database;

/**
 * A row held in a transaction of its own until released, as a concurrent write holds it: {@code lockingSelect} is a
 * SELECT … FOR UPDATE or LOCK IN SHARE MODE with one parameter. The constructor returns once the row is held; closing
 * releases it and waits for that transaction to end.
 */
public final class RowHeld implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> tx;

    public RowHeld(Database db, String lockingSelect, Object parameter) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        tx = CompletableFuture.runAsync(() -> db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(lockingSelect)) {
                ps.setObject(1, parameter);
                ps.executeQuery().close();
            }
            held.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the row is held").isTrue();
    }

    /** Lets the row go (the transaction ends without writing). */
    public void release() {
        release.countDown();
    }

    @Override
    public void close() throws Exception {
        release();
        tx.get(60, TimeUnit.SECONDS);
    }
}
