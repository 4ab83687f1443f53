package org.kiste.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.integrity.TreeInvariants;
import org.kiste.model.FilePath;
import org.kiste.model.FileVersion;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.testing.HousekeepingHeld;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;

/**
 * kill -9 of a process while it expires versions: every version the schedule keeps is still there, every version
 * left reads back (its blob is live and on disk), and a later run finishes what the killed one began.
 */
class VersionExpiryKillTest {
    private static final int FILES = 100;
    private static final int VERSIONS = 8;
    private static final long DAY = 86_400;
    private final TestServer ts = TestServer.get();

    /** The process that is killed: expires versions over and over (at most ten minutes) on the tests' database. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Map<String, String> settings = new HashMap<>();
            for (String a : args) {
                settings.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            try (Backend b = Backend.open(KisteConfig.from(new Settings(settings, Map.of())), true)) {
                VersionExpiry expiry = b.files().versionExpiry(VersionSchedule.parse(VersionSchedule.NEXTCLOUD), 50);
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                System.out.println("ready");
                System.out.flush();
                while (System.nanoTime() < end) {
                    expiry.run();
                }
            }
        }
    }

    @Test
    void killedWhileExpiringLosesNothingItShouldKeep() throws Exception {
        // the shared server's own rounds stay out: they would thin out the versions before the child does
        try (HousekeepingHeld held = HousekeepingHeld.hold(ts.backend.database(), "kiste.version-expiry")) {
            killedWhileExpiring();
        }
    }

    private void killedWhileExpiring() throws Exception {
        String login = ts.newUser("vkill");
        Principal p = ts.backend.users().find(login).orElseThrow().principal();
        FilesService files = ts.backend.files();
        Database db = ts.backend.database();
        long old = System.currentTimeMillis() / 1000 - 10 * DAY;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            FilePath path = FilePath.parse("/f" + i + ".txt");
            for (int k = 0; k <= VERSIONS; k++) {
                byte[] body = ("file " + i + " content " + k).getBytes(StandardCharsets.UTF_8);
                // an hour apart, ten days ago: the schedule keeps one of each file's versions a day
                files.put(
                        p,
                        path,
                        new ByteArrayInputStream(body),
                        body.length,
                        (old + k * 3600) * 1000,
                        null,
                        Precondition.NONE);
            }
            ids.add(files.resolve(p, path).id());
        }
        VersionSchedule schedule = VersionSchedule.parse(VersionSchedule.NEXTCLOUD);
        long now = System.currentTimeMillis() / 1000;
        Map<Long, Set<Long>> keep = new HashMap<>();
        for (long id : ids) {
            List<FileVersion> all = files.versions().list(p, id).versions();
            assertThat(all).hasSize(VERSIONS);
            Set<Long> kept = new HashSet<>();
            all.forEach(v -> kept.add(v.id()));
            schedule.expired(all, now).forEach(v -> kept.remove(v.id()));
            keep.put(id, kept);
        }
        long before = count(db, ids);

        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName()));
        TestDatabase.settings(ts.dataDir).forEach((k, v) -> cmd.add(k + "=" + v));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (count(db, ids) == before && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long afterKill = count(db, ids);
        assertThat(afterKill).as("the child began expiring").isLessThan(before);

        for (long id : ids) {
            Set<Long> left = new HashSet<>();
            files.versions().list(p, id).versions().forEach(v -> left.add(v.id()));
            assertThat(left).as("file %d keeps what the schedule keeps", id).containsAll(keep.get(id));
        }
        assertThat(TreeInvariants.check(ts, List.of(p.homeSpaceId()))).isEmpty();
        VersionExpiry expiry = files.versionExpiry(schedule, 50);
        for (int i = 0; i < 20 && count(db, ids) > FILES; i++) {
            expiry.bySchedule(now);
        }
        for (long id : ids) {
            Set<Long> left = new HashSet<>();
            files.versions().list(p, id).versions().forEach(v -> left.add(v.id()));
            assertThat(left).as("file %d after a full run", id).isEqualTo(keep.get(id));
        }
        System.out.println(
                "versions before " + before + ", at the kill " + afterKill + ", at the end " + count(db, ids));
    }

    private static long count(Database db, List<Long> ids) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*) FROM file_version WHERE node_id BETWEEN ? AND ?")) {
                ps.setLong(1, ids.get(0));
                ps.setLong(2, ids.get(ids.size() - 1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
