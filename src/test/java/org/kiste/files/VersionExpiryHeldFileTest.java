package org.kiste.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.HousekeepingHeld;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * Expiring versions and a write to their file take turns on the file's row, as every write that keeps a version does:
 * such a write decides from the file's newest version whether the content it replaces is kept already, so that version
 * may not go while it decides. The schedule waits for the write; the cap, which holds the space's quota row that a
 * write locks after its file, passes the file over instead of waiting (no deadlock), and takes it on a later run.
 */
class VersionExpiryHeldFileTest {
    private static final long DAY = 86_400;
    private final TestServer ts = TestServer.get();
    private HousekeepingHeld held;

    @BeforeEach
    void holdHousekeeping() throws InterruptedException {
        held = HousekeepingHeld.hold(ts.backend.database(), "kiste.version-expiry");
    }

    @AfterEach
    void releaseHousekeeping() throws InterruptedException {
        held.close();
    }

    private VersionExpiry expiry() {
        return ts.backend.files().versionExpiry(VersionSchedule.parse(VersionSchedule.NEXTCLOUD), 50);
    }

    private static void putAt(Dav d, String path, String content, long seconds) {
        HttpResponse<String> r = d.put(path, content, "X-OC-Mtime", Long.toString(seconds));
        assertThat(r.statusCode()).isBetween(200, 299);
    }

    /** Holds the file's row in a transaction of its own, as a write to it does, until {@code release} opens. */
    private CompletableFuture<Void> holdFile(long fileId, CountDownLatch held, CountDownLatch release) {
        return CompletableFuture.runAsync(() -> ts.backend.database().tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM node WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, fileId);
                ps.executeQuery().close();
            }
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
    }

    @Test
    void theScheduleWaitsForAWriteThatHoldsTheFile() throws Exception {
        Dav d = ts.dav(ts.newUser("exphold"));
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        long tenDays = now - 10 * DAY;
        putAt(d, "log.txt", "9:00", tenDays);
        long fileId = Dav.nodeId(d.head("log.txt"));
        putAt(d, "log.txt", "10:00", tenDays + 3600);
        putAt(d, "log.txt", "11:00", tenDays + 7200);
        putAt(d, "log.txt", "today", now);
        assertThat(v.list(fileId)).hasSize(3);

        CountDownLatch fileHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> write = holdFile(fileId, fileHeld, release);
        try {
            assertThat(fileHeld.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> schedule = CompletableFuture.supplyAsync(() -> {
                int removed = 0;
                for (int i = 0; i < 5; i++) {
                    removed += expiry().bySchedule(now);
                }
                return removed;
            });
            Thread.sleep(700);
            assertThat(schedule).as("the schedule waits for the file's row").isNotDone();
            assertThat(v.list(fileId))
                    .as("nothing went while the write held the file")
                    .hasSize(3);
            release.countDown();
            assertThat(schedule.get(60, TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            release.countDown();
            write.get(60, TimeUnit.SECONDS);
        }
        assertThat(v.contents(fileId)).as("one a day").containsExactly("11:00");
    }

    @Test
    void theCapPassesOverAFileAWriteHoldsAndTakesItLater() throws Exception {
        String user = new Spaces(ts).user("caphold", 1000);
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 6; i++) {
            // a week apart: the schedule keeps them all
            putAt(d, "big.bin", Character.toString('a' + i).repeat(100), now - (10 - i) * 7 * DAY);
        }
        long fileId = Dav.nodeId(d.head("big.bin"));
        assertThat(v.list(fileId)).hasSize(5);

        CountDownLatch fileHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> write = holdFile(fileId, fileHeld, release);
        try {
            assertThat(fileHeld.await(30, TimeUnit.SECONDS)).isTrue();
            // 900 bytes free, half of it for versions: the oldest of five 100-byte versions is over, but its file is
            // held: the cap does not wait for it
            assertThat(CompletableFuture.supplyAsync(() -> expiry().byCap()).get(30, TimeUnit.SECONDS))
                    .isZero();
            assertThat(v.list(fileId)).hasSize(5);
        } finally {
            release.countDown();
            write.get(60, TimeUnit.SECONDS);
        }
        assertThat(expiry().byCap()).isEqualTo(1);
        assertThat(v.contents(fileId))
                .containsExactly("e".repeat(100), "d".repeat(100), "c".repeat(100), "b".repeat(100));
    }
}
