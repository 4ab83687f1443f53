package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.FilePath;
import org.kiste.server.KisteServer;
import org.kiste.store.check.CheckContext;
import org.kiste.store.check.StoreChecker;
import org.kiste.testing.Dav;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.VersionsDav;

/**
 * kill -9 of a process while its blob collector deletes purged content: every file and every version still reads
 * back whole, a later run finishes what the killed one began (no blob is left half-deleted), and the store checker,
 * reading every blob in full, finds nothing.
 */
class CollectorKillTest {
    private static final int KEPT = 60;
    private static final int PURGED = 300;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    /** The process that is killed: collects with no grace over and over (at most ten minutes). */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Map<String, String> settings = new HashMap<>();
            for (String a : args) {
                settings.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            try (Backend b = Backend.open(KisteConfig.from(new Settings(settings, Map.of())), true)) {
                BlobCollector collector =
                        new BlobCollector(b.database(), b.blobs(), Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (System.nanoTime() < end) {
                    collector.run();
                }
            }
        }
    }

    @Test
    void killedWhileCollectingLosesNothingAndTheNextRunFinishes() throws Exception {
        Map<String, String> s = TestDatabase.isolatedSettings(root.resolve("data"));
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("blob.inline-max", "0"); // the collector deletes files (the child gets these settings too)
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false)) {
            KisteServer server = new KisteServer(backend);
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                backend.users().add("gckill", "pw-gckill", false, null, null, -1);
                Dav dav = new Dav(base, "gckill", "pw-gckill");
                assertThat(dav.mkcol("keep").statusCode()).isEqualTo(201);
                assertThat(dav.mkcol("purge").statusCode()).isEqualTo(201);
                Map<String, String> kept = new LinkedHashMap<>();
                Map<Long, String> versions = new LinkedHashMap<>();
                for (int i = 0; i < KEPT; i++) {
                    String path = "keep/k" + i + ".txt";
                    assertThat(dav.put(path, "earlier content " + i).statusCode())
                            .isEqualTo(201);
                    assertThat(dav.put(path, "current content " + i).statusCode())
                            .isEqualTo(204);
                    kept.put(path, "current content " + i);
                    versions.put(id(backend, path), "earlier content " + i);
                }
                for (int i = 0; i < PURGED; i++) {
                    assertThat(dav.put("purge/p" + i + ".txt", "purged content " + i)
                                    .statusCode())
                            .isEqualTo(201);
                }
                assertThat(dav.delete("purge").statusCode()).isEqualTo(204);
                assertThat(dav.send("DELETE", base + "/remote.php/dav/trashbin/gckill/trash", null)
                                .statusCode())
                        .isEqualTo(204);
                Database db = backend.database();
                long unreferenced = liveUnreferenced(db);
                assertThat(unreferenced).isGreaterThanOrEqualTo(PURGED);

                List<String> cmd = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName()));
                s.forEach((k, v) -> cmd.add(k + "=" + v));
                Process child = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(root.resolve("child.log").toFile())
                        .start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                try {
                    while (liveUnreferenced(db) > unreferenced - 20
                            && System.nanoTime() < deadline
                            && child.isAlive()) {
                        Thread.sleep(5);
                    }
                } finally {
                    child.destroyForcibly(); // SIGKILL
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                long atKill = liveUnreferenced(db);
                assertThat(atKill).as("the child began collecting").isLessThan(unreferenced);
                assertThat(atKill).as("the child was killed before it finished").isPositive();

                kept.forEach((path, content) ->
                        assertThat(dav.get(path).body()).as(path).isEqualTo(content));
                VersionsDav v = new VersionsDav(dav);
                versions.forEach((fileId, content) -> assertThat(v.contents(fileId))
                        .as("versions of #" + fileId)
                        .containsExactly(content));

                BlobCollector collector =
                        new BlobCollector(db, backend.blobs(), Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
                for (int i = 0; i < 20 && (liveUnreferenced(db) > 0 || rowsInState(db, 2) > 0); i++) {
                    collector.run();
                }
                assertThat(liveUnreferenced(db)).isZero();
                assertThat(rowsInState(db, 2)).as("no blob left half-deleted").isZero();
                assertThat(Files.exists(root.resolve("child.log"))).isTrue();
                kept.forEach((path, content) ->
                        assertThat(dav.get(path).body()).as(path).isEqualTo(content));
                versions.forEach((fileId, content) -> assertThat(v.contents(fileId))
                        .as("versions of #" + fileId)
                        .containsExactly(content));
                CheckContext fsck = new CheckContext(db, backend.blobs(), true, false, Duration.ZERO);
                StoreChecker.standard().run(fsck);
                assertThat(fsck.findings()).isEmpty();
                System.out.println("unreferenced blobs " + unreferenced + ", at the kill " + atKill);
            } finally {
                server.stop();
            }
        }
    }

    private static long id(Backend backend, String path) {
        return backend.files()
                .resolve(backend.users().find("gckill").orElseThrow().principal(), FilePath.parse(path))
                .node()
                .id();
    }

    private static long liveUnreferenced(Database db) {
        return count(
                db,
                "SELECT COUNT(*) FROM blob_object b WHERE b.state = 1"
                        + " AND NOT EXISTS (SELECT 1 FROM node n WHERE n.blob_id = b.id)"
                        + " AND NOT EXISTS (SELECT 1 FROM file_version v WHERE v.blob_id = b.id)");
    }

    private static long rowsInState(Database db, int state) {
        return count(db, "SELECT COUNT(*) FROM blob_object WHERE state = " + state);
    }

    private static long count(Database db, String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
