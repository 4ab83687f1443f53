package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.ServerProcess.CliResult;

/**
 * {@code kiste backup create} in a process of its own next to a running server, killed with SIGKILL while it copies
 * blobs: the directory is left incomplete and is refused by {@code kiste backup restore}; the next backup into it
 * completes, and restored into a new data directory (and database) a server starts on it with every file as it was.
 * {@code kiste fsck} finds that store clean (exit 0) and reports a blob deleted from it (exit 1).
 */
class BackupProcessTest {
    private static final int FILES = 300;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void aKilledBackupIsIncompleteAndTheNextOneRestores() throws Exception {
        Files.createDirectories(root.resolve("source"));
        Files.createDirectories(root.resolve("target"));
        try (ServerProcess server = ServerProcess.onTestDatabase(root.resolve("source"));
                ServerProcess target = ServerProcess.onTestDatabase(root.resolve("target"))) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            Dav admin = server.admin();
            assertThat(admin.mkcol("k").statusCode()).isEqualTo(201);
            for (int i = 0; i < FILES; i++) {
                assertThat(admin.put("k/f" + i + ".txt", content(i)).statusCode())
                        .isEqualTo(201);
            }
            Path dir = root.resolve("backup");

            Process killed =
                    server.startCli(root.resolve("killed-backup.log"), "backup", "create", "--to", dir.toString());
            boolean copying = awaitFirstBlob(dir, killed);
            killed.destroyForcibly();
            assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
            System.out.println(Files.readString(root.resolve("killed-backup.log")));
            assertThat(copying)
                    .as("the backup was still copying blobs when it was killed")
                    .isTrue();
            assertThat(dir.resolve("manifest.properties")).doesNotExist();
            assertThat(dir.resolve("in-progress")).exists();

            CliResult refused = target.cli(null, "backup", "restore", "--from", dir.toString());
            assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("holds no complete backup").contains("did not finish");

            CliResult backup = server.cli(null, "backup", "create", "--to", dir.toString());
            assertThat(backup.exit()).as(backup.err()).isZero();
            assertThat(backup.out()).contains("backup complete");
            assertThat(dir.resolve("manifest.properties")).exists();
            assertThat(dir.resolve("in-progress")).doesNotExist();

            CliResult restore = target.cli(null, "backup", "restore", "--from", dir.toString());
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("restored the backup of");
            CliResult fsck = target.cli(null, "fsck", "--verify-content");
            assertThat(fsck.exit()).as(fsck.out() + fsck.err()).isZero();
            assertThat(fsck.out()).contains("the store is clean");

            target.start().awaitHealthy(Duration.ofSeconds(120));
            Dav restored = target.admin();
            for (int i = 0; i < FILES; i++) {
                var got = restored.get("k/f" + i + ".txt");
                assertThat(got.statusCode()).isEqualTo(200);
                assertThat(got.body()).isEqualTo(content(i));
            }

            Path blob = anyBlob(target.dataDir.resolve("blobs"));
            Files.delete(blob);
            CliResult broken = target.cli(null, "fsck");
            assertThat(broken.exit()).isEqualTo(1);
            assertThat(broken.out())
                    .contains("blob-bytes: blob " + blob.getFileName() + " ")
                    .contains("is missing");
        }
    }

    /** Waits (at most 120 s) until the backup has copied a blob; false when it ended first. */
    private static boolean awaitFirstBlob(Path dir, Process backup) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && backup.isAlive()) {
            if (Files.isDirectory(dir.resolve("blobs"))) {
                try {
                    if (anyBlob(dir.resolve("blobs")) != null) {
                        return true;
                    }
                } catch (IOException e) {
                    // a directory created or renamed right now
                }
            }
            Thread.sleep(2);
        }
        return false;
    }

    private static Path anyBlob(Path blobs) throws IOException {
        try (Stream<Path> all = Files.walk(blobs, 3)) {
            return all.filter(p -> p.getNameCount() - blobs.getNameCount() == 3 && Files.isRegularFile(p))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** Past blob.inline-max (16 KiB): a file under the blob directory, which the backup copies. */
    private static String content(int i) {
        return ("file " + i + " of the backup test\n").repeat(700 + i);
    }
}
