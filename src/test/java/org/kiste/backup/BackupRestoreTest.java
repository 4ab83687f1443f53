package org.kiste.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.server.KisteServer;
import org.kiste.store.check.CheckContext;
import org.kiste.store.check.StoreChecker;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.Links;
import org.kiste.testing.OcsShares;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * A backup taken while clients write (real PUTs over HTTP from three threads) and restored into a new data directory
 * and database gives a server with byte-identical files: every file written before the backup started, and of the
 * files written during it each either whole or absent; users, groups, team folders, shares, links and versions as
 * they were, locks not. A second backup into the same directory copies only the new blobs. A non-empty target (a
 * blob directory in use, an external database with tables) and a directory without a complete backup are refused.
 */
class BackupRestoreTest {
    private static final int WRITERS = 3;
    private static final int FILES_PER_WRITER = 60;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void aBackupUnderConcurrentWritesRestoresByteIdenticalFiles() throws Exception {
        TestServer ts = TestServer.get();
        String alice = ts.newUser("bka");
        String bob = ts.newUser("bkb");
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        Map<String, String> baseline = new java.util.LinkedHashMap<>();
        assertThat(a.mkcol("docs").statusCode()).isEqualTo(201);
        for (int i = 0; i < 20; i++) {
            String path = "docs/b" + i + ".txt";
            String content = i % 5 == 0 ? "the same content in several files" : content(path, i * 3000);
            assertThat(a.put(path, content).statusCode()).isEqualTo(201);
            baseline.put(path, content);
        }
        assertThat(a.put("docs/empty.txt", "").statusCode()).isEqualTo(201);
        baseline.put("docs/empty.txt", "");
        // a version: what docs/b4.txt held before it was rewritten
        String b4Before = baseline.get("docs/b4.txt");
        assertThat(a.put("docs/b4.txt", "b4 rewritten").statusCode()).isEqualTo(204);
        baseline.put("docs/b4.txt", "b4 rewritten");
        long b4 = Dav.nodeId(a.head("docs/b4.txt"));
        assertThat(a.put("gone.txt", "in the trash").statusCode()).isEqualTo(201);
        assertThat(a.delete("gone.txt").statusCode()).isEqualTo(204);
        // the organisation: a group, a team folder it may edit, a share to bob, a public link, a lock
        String group = "bk-group-" + UUID.randomUUID().toString().substring(0, 8);
        String team = "bk-team-" + UUID.randomUUID().toString().substring(0, 8);
        ts.backend.groups().add(AuditLog.ADMIN_CLI, group, null);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, bob);
        ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, team, -1);
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.GROUP, group, Role.EDITOR);
        assertThat(b.put(team + "/plan.txt", "the team's plan").statusCode()).isEqualTo(201);
        new OcsShares(a).create("/docs", OcsShares.USER, bob, 1);
        String token = new Links(ts).create(alice, "/docs/b1.txt", 1, null).token();
        DavLocks.take(a, "docs/b2.txt", "0");

        Map<String, Long> written = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warm = new CountDownLatch(WRITERS);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        for (int t = 0; t < WRITERS; t++) {
            int writer = t;
            pool.submit(() -> {
                Dav w = ts.dav(alice);
                if (w.mkcol("w" + writer).statusCode() != 201) {
                    failures.add("mkcol w" + writer);
                }
                for (int i = 0; i < FILES_PER_WRITER && !stop.get(); i++) {
                    String path = "w" + writer + "/f" + i + ".txt";
                    int status = w.put(path, content(path, 2000 + i * 500)).statusCode();
                    if (status != 201) {
                        failures.add(path + ": " + status);
                    }
                    written.put(path, System.nanoTime());
                    if (i == 2) {
                        warm.countDown();
                    }
                }
                warm.countDown();
            });
        }
        assertThat(warm.await(60, TimeUnit.SECONDS)).isTrue();
        long backupStarted = System.nanoTime();
        Path dir = root.resolve("backup");
        BackupCreate.Summary first = backup(ts, dir);
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(Files.exists(dir.resolve(Manifest.FILE))).isTrue();
        assertThat(Files.exists(dir.resolve(BackupDir.IN_PROGRESS))).isFalse();
        assertThat(first.copied()).isEqualTo(first.blobs());

        // the backup taken under writes is kept aside for the restore; the directory goes on
        Path taken = copyTree(dir, root.resolve("taken"));
        BackupCreate.Summary caughtUp = backup(ts, dir); // what was written after the first snapshot
        // past blob.inline-max (16 KiB): each a file the backup copies (smaller ones travel in the dump)
        String pad = "-".repeat(17_000);
        List<String> fresh = List.of(
                "new-1 " + UUID.randomUUID() + pad,
                "new-2 " + UUID.randomUUID() + pad,
                "new-3 " + UUID.randomUUID() + pad);
        for (int i = 0; i < fresh.size(); i++) {
            assertThat(a.put("docs/new" + i + ".txt", fresh.get(i)).statusCode())
                    .isEqualTo(201);
        }
        assertThat(a.delete("w0/f0.txt").statusCode()).isEqualTo(204);
        BackupCreate.Summary third = backup(ts, dir);
        System.out.printf("backups: under writes %s, caught up %s, three new files later %s%n", first, caughtUp, third);
        assertThat(third.copied()).as("blobs copied by the third backup").isEqualTo(3);
        assertThat(third.copiedBytes())
                .isEqualTo(fresh.stream().mapToLong(String::length).sum());
        assertThat(third.blobs()).isEqualTo(caughtUp.blobs() + 3);
        try (var dumps = Files.list(dir.resolve("dumps"))) {
            assertThat(dumps.count()).as("the last dump and its blob list only").isEqualTo(2);
        }

        // a target that is not empty is refused
        Path busy = root.resolve("busy");
        Files.createDirectories(busy.resolve("blobs").resolve("aa")); // a blob directory in use
        assertThatThrownBy(() -> new BackupRestore(config(TestDatabase.isolatedSettings(busy)))
                        .run(dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(BackupRestore.Refused.class)
                .hasMessageContaining("not empty");

        Path target = root.resolve("restored");
        KisteConfig cfg = config(TestDatabase.isolatedSettings(target));
        StringWriter progress = new StringWriter();
        BackupRestore.Summary restored = new BackupRestore(cfg).run(taken, new PrintWriter(progress));
        assertThat(restored.blobs()).isEqualTo(first.blobs());

        try (Backend backend = Backend.open(cfg, false)) {
            KisteServer server = new KisteServer(backend);
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                Dav ra = new Dav(base, alice, "pw-" + alice);
                Dav rb = new Dav(base, bob, "pw-" + bob);
                for (Map.Entry<String, String> e : baseline.entrySet()) {
                    var got = ra.get(e.getKey());
                    assertThat(got.statusCode()).as(e.getKey()).isEqualTo(200);
                    assertThat(got.body()).as(e.getKey()).isEqualTo(e.getValue());
                }
                int present = 0;
                for (Map.Entry<String, Long> e : written.entrySet()) {
                    var got = ra.get(e.getKey());
                    if (e.getValue() < backupStarted) {
                        assertThat(got.statusCode())
                                .as("%s, written before the backup", e.getKey())
                                .isEqualTo(200);
                    }
                    assertThat(got.statusCode()).as(e.getKey()).isIn(200, 404);
                    if (got.statusCode() == 200) {
                        present++;
                        assertThat(got.body()).as(e.getKey()).isEqualTo(content(e.getKey(), sizeOf(e.getKey())));
                    }
                }
                System.out.printf("%d of %d files written during the backup were restored%n", present, written.size());
                // the share, the team folder, the link; the lock is gone
                assertThat(rb.get("docs/b3.txt").body()).isEqualTo(baseline.get("docs/b3.txt"));
                assertThat(rb.get(team + "/plan.txt").body()).isEqualTo("the team's plan");
                assertThat(ra.send("GET", base + "/public.php/dav/files/" + token + "/", null)
                                .body())
                        .isEqualTo(baseline.get("docs/b1.txt"));
                assertThat(ra.put("docs/b2.txt", "no lock survives a restore").statusCode())
                        .isEqualTo(204);
                assertThat(Dav.nodeId(ra.head("docs/b4.txt"))).isEqualTo(b4);
                assertThat(new VersionsDav(ra).contents(b4)).as("the version").containsExactly(b4Before);
                assertThat(backend.groups().list().stream()
                                .anyMatch(g -> g.name().equals(group)))
                        .isTrue();
                CheckContext check = new CheckContext(
                        backend.database(), backend.blobs(), true, false, java.time.Duration.ofHours(1));
                StoreChecker.standard().run(check);
                assertThat(check.findings()).as("fsck of the restored store").isEmpty();
            } finally {
                server.stop();
            }
        }
        // and a second restore into the same, now full, target is refused
        assertThatThrownBy(() -> new BackupRestore(cfg).run(dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(BackupRestore.Refused.class)
                .hasMessageContaining("not empty");
    }

    private static Path copyTree(Path from, Path to) throws java.io.IOException {
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    @Test
    void anExternalDatabaseWithTablesIsRefusedBeforeAnythingIsWritten() throws Exception {
        Assumptions.assumeTrue(
                TestDatabase.mode() == TestDatabase.Mode.SERVICE, "an external database is the service mode's");
        Path dir = root.resolve("backup-for-a-full-database");
        backup(TestServer.get(), dir);
        // an empty data directory, but the test server's database, which has tables
        KisteConfig cfg = config(TestDatabase.settings(root.resolve("full-database")));
        assertThatThrownBy(() -> new BackupRestore(cfg).run(dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(BackupRestore.Refused.class)
                .hasMessageContaining("is not empty")
                .hasMessageContaining("tables");
        assertThat(cfg.blobDir()).doesNotExist();
    }

    @Test
    void aDirectoryWithoutACompleteBackupIsRefused() throws Exception {
        Path dir = Files.createDirectories(root.resolve("half"));
        Files.writeString(dir.resolve(BackupDir.IN_PROGRESS), "backup 1 started at noon");
        KisteConfig cfg = config(TestDatabase.isolatedSettings(root.resolve("target")));
        assertThatThrownBy(() -> new BackupRestore(cfg).run(dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(BackupRestore.Refused.class)
                .hasMessageContaining("holds no complete backup")
                .hasMessageContaining("did not finish");
        assertThat(root.resolve("target")).doesNotExist();
    }

    @Test
    void aRestoreCutShortIsNeitherServedNorRestoredOver() throws Exception {
        Path target = root.resolve("cut");
        KisteConfig cfg = config(TestDatabase.isolatedSettings(target));
        // what a restore killed while it copied blobs leaves: its mark in the blob directory
        Files.createDirectories(cfg.blobDir());
        org.kiste.blob.RestoreMarker.set(cfg.blobDir(), "kiste backup restore (test)");
        assertThatThrownBy(() -> Backend.open(cfg, false).close())
                .isInstanceOf(org.kiste.config.ConfigException.class)
                .hasMessageContaining("did not finish");
        Path dir = root.resolve("backup");
        backup(TestServer.get(), dir);
        assertThatThrownBy(() -> new BackupRestore(cfg).run(dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(BackupRestore.Refused.class)
                .hasMessageContaining("did not finish");
    }

    @Test
    void aRestoreIsRefusedWhileABackupWritesIntoItsDirectory() throws Exception {
        Path dir = root.resolve("busy-backup");
        backup(TestServer.get(), dir);
        KisteConfig cfg = config(TestDatabase.isolatedSettings(root.resolve("while")));
        try (BackupDir writing = BackupDir.forWriting(dir)) {
            assertThatThrownBy(() -> new BackupRestore(cfg).run(dir, new PrintWriter(new StringWriter())))
                    .isInstanceOf(BackupRestore.Refused.class)
                    .hasMessageContaining("right now");
        }
        assertThat(root.resolve("while")).doesNotExist();
    }

    private static BackupCreate.Summary backup(TestServer ts, Path dir) throws Exception {
        Backend b = ts.backend;
        return new BackupCreate(b.config(), b.endpoint(), b.database(), b.blobs())
                .run(dir, new PrintWriter(System.out, true));
    }

    private static KisteConfig config(Map<String, String> settings) {
        settings.put("port", "0");
        settings.put("bind", "127.0.0.1");
        return KisteConfig.from(new Settings(settings, Map.of()));
    }

    private static int sizeOf(String writerPath) {
        int i = Integer.parseInt(writerPath.substring(writerPath.indexOf("/f") + 2, writerPath.indexOf(".txt")));
        return 2000 + i * 500;
    }

    /** Content of {@code size} characters that only this path has. */
    static String content(String path, int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        int n = 0;
        while (sb.length() < size) {
            sb.append(path).append(' ').append(n++).append('\n');
        }
        return sb.substring(0, size);
    }
}
