package org.kiste.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.integrity.TreeInvariants;
import org.kiste.server.KisteServer;
import org.kiste.store.check.CheckContext;
import org.kiste.store.check.StoreChecker;
import org.kiste.testing.Dav;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.VersionsDav;

/**
 * Small files kept in their blob rows travel in the backup's dump, not as blob files: a restore gives them back
 * byte for byte (and their versions), next to a file's blob copied as before, and the restored store is clean.
 */
class InlineBackupRestoreTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void inlineFilesRestoreByteIdentical() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random random = new Random();
        files.put("one-byte.bin", new byte[] {0});
        files.put("limit.bin", randomBytes(random, 16 * 1024));
        files.put("same-as-limit.bin", files.get("limit.bin"));
        files.put("zeros.bin", new byte[1000]);
        files.put("big.bin", randomBytes(random, 16 * 1024 + 1));
        String before = ("before " + java.util.UUID.randomUUID() + "\n").repeat(8);
        Path dir = root.resolve("backup");
        long fileId;
        BackupCreate.Summary summary;
        try (Running source = Running.start(root.resolve("source"))) {
            Dav d = source.dav();
            assertThat(d.put("doc.bin", before).statusCode()).isEqualTo(201);
            fileId = Dav.nodeId(d.head("doc.bin"));
            files.put("doc.bin", randomBytes(random, 200));
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertThat(d.sendBytes("PUT", d.url(e.getKey()), e.getValue()).statusCode())
                        .as(e.getKey())
                        .isIn(201, 204);
            }
            Backend b = source.backend();
            summary = new BackupCreate(b.config(), b.endpoint(), b.database(), b.blobs())
                    .run(dir, new PrintWriter(new StringWriter()));
        }
        assertThat(summary.blobs()).as("only big.bin is a blob file").isEqualTo(1);
        assertThat(summary.copiedBytes()).isEqualTo(16 * 1024 + 1);

        KisteConfig target = config(root.resolve("restored"));
        new BackupRestore(target).run(dir, new PrintWriter(new StringWriter()));
        try (Running restored = Running.start(target)) {
            Dav d = restored.dav();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                HttpResponse<byte[]> got = d.sendBytes("GET", d.url(e.getKey()), null);
                assertThat(got.statusCode()).as(e.getKey()).isEqualTo(200);
                assertThat(got.body()).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(new VersionsDav(d).contents(fileId)).as("the version").containsExactly(before);
            try (var all = Files.walk(target.blobDir())) {
                assertThat(all.filter(Files::isRegularFile).count())
                        .as("blob files restored")
                        .isEqualTo(1);
            }
            Backend b = restored.backend();
            CheckContext check = new CheckContext(b.database(), b.blobs(), true, false, Duration.ofHours(1));
            StoreChecker.standard().run(check);
            assertThat(check.findings()).as("fsck of the restored store").isEmpty();
            assertThat(TreeInvariants.check(
                            b.database().dataSource(), b.config().blobDir(), null))
                    .isEmpty();
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static KisteConfig config(Path dataDir) {
        Map<String, String> s = TestDatabase.isolatedSettings(dataDir);
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        return KisteConfig.from(new Settings(s, Map.of()));
    }

    /** A server on a database and data directory of its own, with the user "inline". */
    private record Running(Backend backend, KisteServer server) implements AutoCloseable {
        static Running start(Path dataDir) throws Exception {
            Running r = start(config(dataDir));
            r.backend.users().add("inline", "pw-inline", false, null, null, -1);
            return r;
        }

        static Running start(KisteConfig cfg) throws Exception {
            Backend backend = Backend.open(cfg, false);
            KisteServer server = new KisteServer(backend);
            server.start();
            return new Running(backend, server);
        }

        Dav dav() {
            return new Dav("http://127.0.0.1:" + server.port(), "inline", "pw-inline");
        }

        @Override
        public void close() {
            server.stop();
            backend.close();
        }
    }
}
