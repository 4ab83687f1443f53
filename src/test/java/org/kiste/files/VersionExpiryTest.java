package org.kiste.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Collector;
import org.kiste.testing.Dav;
import org.kiste.testing.HousekeepingHeld;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RowHeld;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * Versions in housekeeping: the schedule thins out a file's versions by their dates (named ones stay), a space's
 * versions are held to their share of its free quota (oldest first), and they do not count towards that quota.
 * Expiry and a write to the file take turns on the file's row, as every write that keeps a version does: such a write
 * decides from the file's newest version whether the content it replaces is kept already, so that version may not go
 * while it decides. The schedule waits for the write; the cap, which holds the space's quota row that a write locks
 * after its file, passes the file over instead of waiting (no deadlock), and takes it on a later run.
 */
class VersionExpiryTest {
    private static final long DAY = 86_400;
    private final TestServer ts = TestServer.get();
    private HousekeepingHeld held;

    /** The shared server's own rounds stay out while a test expires versions itself. */
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

    private static HttpResponse<String> putAt(Dav d, String path, String content, long seconds) {
        return d.put(path, content, "X-OC-Mtime", Long.toString(seconds));
    }

    /**
     * Writes {@code path} six times, a week apart (the schedule keeps them all), with 100 bytes of 'a' to 'f': the
     * file and five versions. Returns the file's id.
     */
    private static long weekly(Dav d, String path, long now) {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = putAt(d, path, Character.toString('a' + i).repeat(100), now - (10 - i) * 7 * DAY);
            assertThat(r.statusCode()).isBetween(200, 299);
        }
        return Dav.nodeId(d.head(path));
    }

    @Test
    void theScheduleThinsOutOldVersionsAndKeepsNamedOnes() {
        Dav d = ts.dav(ts.newUser("exp"));
        // each past blob.inline-max (16 KiB): a file under the blob directory, whose reclaiming is checked
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        long tenDays = now - 10 * DAY;
        assertThat(putAt(d, "log.txt", big("monday 9:00"), tenDays).statusCode())
                .isEqualTo(201);
        long fileId = Dav.nodeId(d.head("log.txt"));
        putAt(d, "log.txt", big("monday 10:00"), tenDays + 3600);
        putAt(d, "log.txt", big("monday 11:00"), tenDays + 7200);
        putAt(d, "log.txt", big("saturday"), now - 5 * DAY);
        putAt(d, "log.txt", big("today"), now);
        assertThat(v.contents(fileId))
                .containsExactly(big("saturday"), big("monday 11:00"), big("monday 10:00"), big("monday 9:00"));
        MultiStatus.Response ten = v.list(fileId).get(2);
        assertThat(v.label(ten, "kept").statusCode()).isEqualTo(207);
        String mondayNine = oldestVersionKey(fileId);
        assertThat(ts.backend.blobs().path(mondayNine)).exists();

        for (int i = 0; i < 20 && v.list(fileId).size() > 3; i++) {
            expiry().bySchedule(now);
        }
        assertThat(v.contents(fileId))
                .as("one a day; the named one stays")
                .containsExactly(big("saturday"), big("monday 11:00"), big("monday 10:00"));
        expiry().bySchedule(now);
        assertThat(v.list(fileId)).hasSize(3);
        Collector.collectNow(ts);
        assertThat(v.contents(fileId)).containsExactly(big("saturday"), big("monday 11:00"), big("monday 10:00"));
        assertThat(d.get("log.txt").body()).isEqualTo(big("today"));
        assertThat(ts.backend.blobs().path(mondayNine))
                .as("the collector reclaimed the bytes of the version that went")
                .doesNotExist();
    }

    /** {@code s} padded past blob.inline-max. */
    private static String big(String s) {
        return s + "-".repeat(17_000);
    }

    /** The blob key of a file's oldest version. */
    private String oldestVersionKey(long fileId) {
        return ts.backend.database().read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT b.storage_key FROM file_version v"
                    + " JOIN blob_object b ON b.id = v.blob_id WHERE v.node_id = ? ORDER BY v.revision LIMIT 1")) {
                ps.setLong(1, fileId);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void versionsStayWithinTheirShareOfTheFreeQuotaAndDoNotCountTowardsIt() {
        String user = new Spaces(ts).user("cap", 1000);
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        long fileId = weekly(d, "big.bin", now);
        assertThat(v.list(fileId)).hasSize(5);
        assertThat(quotaUsed(d)).as("versions are not counted").isEqualTo(100);

        // 900 bytes free, half of it for versions: 450 bytes, so the oldest of five 100-byte versions goes
        expiry().byCap();
        assertThat(v.contents(fileId))
                .containsExactly("e".repeat(100), "d".repeat(100), "c".repeat(100), "b".repeat(100));
        expiry().bySchedule(now);
        assertThat(v.list(fileId)).hasSize(4);

        // a write that would not fit if versions counted
        assertThat(d.put("big.bin", "x".repeat(800)).statusCode()).isEqualTo(204);
        assertThat(quotaUsed(d)).isEqualTo(800);
        // now 200 bytes are free: 100 for versions, which the newest of them fills
        expiry().byCap();
        assertThat(v.contents(fileId)).containsExactly("f".repeat(100));
    }

    @Test
    void capRunsAtOnceRemoveOnlyWhatWasOver() throws Exception {
        String user = new Spaces(ts).user("caprace", 1000);
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        long fileId = weekly(d, "race.bin", System.currentTimeMillis() / 1000);
        // 450 bytes allowed, 500 held: whichever run locks the space first removes the oldest, the others nothing
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> expiry().byCap()));
            }
            for (java.util.concurrent.Future<Integer> r : runs) {
                r.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(v.contents(fileId))
                .containsExactly("e".repeat(100), "d".repeat(100), "c".repeat(100), "b".repeat(100));
    }

    @Test
    void versionsMovedIntoATeamFolderCountAgainstItsCap() {
        String user = ts.newUser("capmove");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 4; i++) {
            putAt(d, "moving.bin", Character.toString('a' + i).repeat(100), now - (10 - i) * 7 * DAY);
        }
        long fileId = Dav.nodeId(d.head("moving.bin"));
        expiry().byCap();
        assertThat(v.list(fileId))
                .as("the home has no quota and the disk has room")
                .hasSize(3);

        String folder = new Spaces(ts).teamFolder(500, user);
        assertThat(d.move("moving.bin", Dav.enc(folder) + "/moving.bin").statusCode())
                .isEqualTo(201);
        // 400 bytes free in the team folder, half of it for versions, which now hold 300 there
        expiry().byCap();
        assertThat(v.contents(fileId)).containsExactly("c".repeat(100), "b".repeat(100));
        assertThat(d.get(Dav.enc(folder) + "/moving.bin").body()).isEqualTo("d".repeat(100));
    }

    private long quotaUsed(Dav d) {
        MultiStatus.Response r = d.props("", "0", "{DAV:}quota-used-bytes").self();
        return Long.parseLong(r.text("{DAV:}quota-used-bytes"));
    }

    @Test
    void namedVersionsGoLastWhenTheSpaceIsShort() {
        String user = new Spaces(ts).user("cap", 400);
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 4; i++) {
            putAt(d, "f.bin", Character.toString('a' + i).repeat(100), now - (10 - i) * 7 * DAY);
        }
        long fileId = Dav.nodeId(d.head("f.bin"));
        List<MultiStatus.Response> list = v.list(fileId);
        assertThat(v.label(list.get(list.size() - 1), "first draft").statusCode())
                .isEqualTo(207);
        // 300 bytes free: 150 for versions, which hold 300
        expiry().byCap();
        assertThat(v.contents(fileId)).containsExactly("a".repeat(100));
    }

    /** The file's row held as a write to the file holds it, until released. */
    private RowHeld heldFile(long fileId) throws Exception {
        return new RowHeld(ts.backend.database(), "SELECT id FROM node WHERE id = ? FOR UPDATE", fileId);
    }

    @Test
    void theScheduleWaitsForAWriteThatHoldsTheFile() throws Exception {
        Dav d = ts.dav(ts.newUser("exphold"));
        VersionsDav v = new VersionsDav(d);
        long now = System.currentTimeMillis() / 1000;
        long tenDays = now - 10 * DAY;
        assertThat(putAt(d, "log.txt", "9:00", tenDays).statusCode()).isEqualTo(201);
        long fileId = Dav.nodeId(d.head("log.txt"));
        putAt(d, "log.txt", "10:00", tenDays + 3600);
        putAt(d, "log.txt", "11:00", tenDays + 7200);
        putAt(d, "log.txt", "today", now);
        assertThat(v.list(fileId)).hasSize(3);

        try (RowHeld write = heldFile(fileId)) {
            // one instance, so its cursor goes on past the shared server's other files with versions
            VersionExpiry expiry = expiry();
            CompletableFuture<Integer> schedule = CompletableFuture.supplyAsync(() -> {
                int removed = 0;
                for (int i = 0; i < 5; i++) {
                    removed += expiry.bySchedule(now);
                }
                return removed;
            });
            Thread.sleep(700);
            assertThat(schedule).as("the schedule waits for the file's row").isNotDone();
            assertThat(v.list(fileId))
                    .as("nothing went while the write held the file")
                    .hasSize(3);
            write.release();
            // other tests' files may lose versions in the same runs: this file's two are among those removed
            assertThat(schedule.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
        }
        assertThat(v.contents(fileId)).as("one a day").containsExactly("11:00");
    }

    @Test
    void theCapPassesOverAFileAWriteHoldsAndTakesItLater() throws Exception {
        String user = new Spaces(ts).user("caphold", 1000);
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        long fileId = weekly(d, "big.bin", System.currentTimeMillis() / 1000);
        assertThat(v.list(fileId)).hasSize(5);

        try (RowHeld write = heldFile(fileId)) {
            // 900 bytes free, half of it for versions: the oldest of five 100-byte versions is over, but its file is
            // held: the cap does not wait for it
            // (other spaces of the shared server may lose versions in the same run: only this file's are checked)
            CompletableFuture.supplyAsync(() -> expiry().byCap()).get(30, TimeUnit.SECONDS);
            assertThat(v.list(fileId)).hasSize(5);
        }
        expiry().byCap();
        assertThat(v.contents(fileId))
                .containsExactly("e".repeat(100), "d".repeat(100), "c".repeat(100), "b".repeat(100));
    }
}
