package org.kiste.store.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.files.Precondition;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.server.KisteServer;
import org.kiste.store.BackupLeases;
import org.kiste.store.BlobCollector;
import org.kiste.testing.Dav;
import org.kiste.testing.Eventually;
import org.kiste.testing.TestDatabase;

/**
 * The store checker finds each injected fault (a deleted blob, a truncated blob, an extra blob file, a node whose
 * space is not its parent's, and with --verify-content damaged bytes of the right size) and nothing on a sound
 * store. Its repair marks the missing and damaged content lost, so a GET answers 500 with a body instead of breaking
 * off or serving wrong bytes, lets an upload of the same content store it anew, and hands the extra file to the
 * collector, which deletes it only after its grace and not while a backup holds a lease.
 */
class FsckTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void findsEachInjectedFaultAndRepairsWhatItMay() throws Exception {
        Map<String, String> s = TestDatabase.isolatedSettings(root.resolve("data"));
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("blob.inline-max", "0"); // the faults are files deleted or damaged under the blob directory
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false)) {
            KisteServer server = new KisteServer(backend);
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                backend.users().add("alice", "pw-alice", false, null, null, -1);
                backend.users().add("bob", "pw-bob", false, null, null, -1);
                Dav alice = new Dav(base, "alice", "pw-alice");
                assertThat(alice.mkcol("f").statusCode()).isEqualTo(201);
                for (String name : List.of("deleted", "truncated", "damaged", "fine", "f/moved")) {
                    assertThat(alice.put(name + ".txt", "the content of " + name)
                                    .statusCode())
                            .isEqualTo(201);
                }
                assertThat(alice.put("trashed.txt", "in the trash").statusCode())
                        .isEqualTo(201);
                assertThat(alice.delete("trashed.txt").statusCode()).isEqualTo(204);
                assertThat(check(backend, true, false).findings())
                        .as("a sound store")
                        .isEmpty();

                Files.delete(path(backend, "deleted.txt"));
                try (FileChannel ch = FileChannel.open(path(backend, "truncated.txt"), StandardOpenOption.WRITE)) {
                    ch.truncate(5);
                }
                byte[] damaged = Files.readAllBytes(path(backend, "damaged.txt"));
                damaged[0] ^= 0x20;
                Files.write(path(backend, "damaged.txt"), damaged);
                String extraKey = backend.blobs().newKey();
                Path extra = backend.blobs().path(extraKey);
                Files.createDirectories(extra.getParent());
                Files.writeString(extra, "no row names these bytes");
                Files.setLastModifiedTime(extra, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
                String young = backend.blobs().newKey(); // not yet past the grace: an upload may be recording it
                Files.createDirectories(backend.blobs().path(young).getParent());
                Files.writeString(backend.blobs().path(young), "just written");
                long moved = node(backend, "f/moved.txt").id();
                long bobSpace = backend.database().read(c -> {
                    try (var ps = c.prepareStatement("SELECT home_space_id FROM user_account WHERE login = 'bob'");
                            var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                backend.database().tx(c -> {
                    try (var ps = c.prepareStatement("UPDATE node SET space_id = ? WHERE id = ?")) {
                        ps.setLong(1, bobSpace);
                        ps.setLong(2, moved);
                        return ps.executeUpdate();
                    }
                });

                CheckContext quick = check(backend, false, false);
                System.out.println("fsck: " + quick.findings());
                assertThat(quick.findings().get("blob-bytes"))
                        .hasSize(2)
                        .anySatisfy(f -> assertThat(f).contains("is missing from the store"))
                        .anySatisfy(f -> assertThat(f).contains("holds 5 bytes"));
                assertThat(quick.findings().get("orphan-bytes"))
                        .singleElement()
                        .satisfies(f -> assertThat(f).contains(extraKey));
                assertThat(quick.findings().get("tree-space"))
                        .singleElement()
                        .satisfies(f -> assertThat(f).contains("node #" + moved).contains("in space " + bobSpace));
                assertThat(quick.findings().keySet()).containsOnly("blob-bytes", "orphan-bytes", "tree-space");

                CheckContext full = check(backend, true, false);
                assertThat(full.findings().get("blob-bytes"))
                        .hasSize(3)
                        .anySatisfy(f -> assertThat(f).contains("does not match its SHA-256"));
                assertThat(alice.get("damaged.txt").statusCode()).isEqualTo(200); // wrong bytes, before the repair
                assertThat(alice.get("deleted.txt").statusCode()).isEqualTo(500);

                CheckContext repair = check(backend, true, true);
                assertThat(repair.repairs()).hasSize(4);
                for (String name : List.of("deleted", "truncated", "damaged")) {
                    // another process's write: a server sees it once its file cache lets go (2 s)
                    Eventually.status(
                            () -> alice.get(name + ".txt").body().contains("cannot be read") ? 1 : 0,
                            1,
                            Duration.ofSeconds(10),
                            name + " answers that its content is lost");
                    var got = alice.get(name + ".txt");
                    assertThat(got.statusCode()).as(name).isEqualTo(500);
                    assertThat(got.body()).as(name).contains("cannot be read");
                }
                assertThat(alice.get("fine.txt").body()).isEqualTo("the content of fine");
                // the lost files are reported until they are uploaded again; the same content is stored anew
                CheckContext after = check(backend, true, false);
                assertThat(after.findings().get("file-blobs")).hasSize(3);
                assertThat(after.findings()).doesNotContainKey("orphan-bytes").doesNotContainKey("blob-bytes");
                assertThat(alice.put("damaged.txt", "the content of damaged").statusCode())
                        .isEqualTo(204);
                assertThat(alice.put("copy-of-deleted.txt", "the content of deleted")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(alice.get("damaged.txt").body()).isEqualTo("the content of damaged");
                assertThat(alice.get("copy-of-deleted.txt").body()).isEqualTo("the content of deleted");

                // the extra bytes went to the collector: kept while a backup holds a lease, then reclaimed
                BlobCollector collector =
                        new BlobCollector(backend.database(), backend.blobs(), Duration.ZERO, Duration.ofHours(24));
                BackupLeases leases = new BackupLeases(backend.database());
                String token = leases.take("test", Duration.ofMinutes(5));
                try {
                    collector.run();
                    assertThat(Files.exists(extra)).isTrue();
                } finally {
                    leases.release(token);
                }
                collector.run();
                assertThat(Files.exists(extra)).isFalse();
                assertThat(Files.exists(backend.blobs().path(young))).isTrue();
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void findsCyclesAndAnInconsistentTrashAndWalksDeepTreesWhole() throws Exception {
        Map<String, String> s = TestDatabase.isolatedSettings(root.resolve("tree"));
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false)) {
            backend.users().add("carol", "pw-carol", false, null, null, -1);
            var carol = backend.users().find("carol").orElseThrow().principal();
            backend.files().mkdir(carol, FilePath.parse("a"), Precondition.NONE);
            backend.files().mkdir(carol, FilePath.parse("a/b"), Precondition.NONE);
            backend.files().mkdir(carol, FilePath.parse("old"), Precondition.NONE);
            long old = id(backend, "carol", "old");
            backend.files().delete(carol, FilePath.parse("old"), Precondition.NONE);
            long a = id(backend, "carol", "a");
            long b = id(backend, "carol", "a/b");
            // a chain of 1,100 folders below a/b: deeper than MariaDB's default bound on recursion
            backend.database().tx(c -> {
                long parent = b;
                for (int depth = 0; depth < 1100; depth++) {
                    try (var ps = c.prepareStatement(
                            "INSERT INTO node (space_id, parent_id, name, kind, mtime, ctime, created_at)"
                                    + " SELECT space_id, ?, 'd', 2, 0, 0, 0 FROM node WHERE id = ?",
                            java.sql.Statement.RETURN_GENERATED_KEYS)) {
                        ps.setLong(1, parent);
                        ps.setLong(2, parent);
                        ps.executeUpdate();
                        try (var keys = ps.getGeneratedKeys()) {
                            keys.next();
                            parent = keys.getLong(1);
                        }
                    }
                }
                return null;
            });
            assertThat(check(backend, false, false).findings())
                    .as("a deep but sound tree")
                    .isEmpty();

            backend.database().tx(c -> {
                try (var ps = c.prepareStatement("UPDATE node SET parent_id = ? WHERE id = ?")) {
                    ps.setLong(1, b);
                    ps.setLong(2, a);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("DELETE FROM trash_item")) {
                    return ps.executeUpdate();
                }
            });
            CheckContext ctx = check(backend, false, false);
            System.out.println("fsck: " + ctx.counts());
            assertThat(ctx.findings().get("tree-cycles"))
                    .anySatisfy(
                            f -> assertThat(f).contains("node #" + a + " 'a'").contains("in a cycle"));
            // a, b and the 1,100 folders below them: counted up to the limit of one statement
            assertThat(ctx.counts().get("tree-cycles")).isEqualTo(1000);
            assertThat(ctx.countIsAtLeast("tree-cycles")).isTrue();
            assertThat(ctx.countIsAtLeast("trash")).isFalse();
            assertThat(ctx.findings().get("trash"))
                    .singleElement()
                    .satisfies(f -> assertThat(f).contains("node #" + old + " ").contains("without a trash item"));
        }
    }

    private static long id(Backend backend, String login, String path) {
        return backend.files()
                .resolve(backend.users().find(login).orElseThrow().principal(), FilePath.parse(path))
                .node()
                .id();
    }

    private static CheckContext check(Backend backend, boolean verify, boolean repair) throws Exception {
        CheckContext ctx =
                new CheckContext(backend.database(), backend.blobs(), verify, repair, BlobCollector.UNRECORDED_GRACE);
        StoreChecker.standard().run(ctx);
        return ctx;
    }

    private static Node node(Backend backend, String path) {
        return backend.files()
                .resolve(backend.users().find("alice").orElseThrow().principal(), FilePath.parse(path))
                .node();
    }

    private static Path path(Backend backend, String path) {
        return backend.blobs().path(node(backend, path).blob().key());
    }
}
