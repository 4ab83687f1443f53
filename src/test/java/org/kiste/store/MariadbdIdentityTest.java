package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.TestDatabase;

/**
 * A pid file is trusted only for the mariadbd of its data directory: a reused pid (any other process, or another
 * mariadbd) is neither taken for the live database nor signalled. Real processes stand in: a copy of the shell
 * named {@code mariadbd}, started with a {@code --datadir} argument.
 */
class MariadbdIdentityTest {

    @Test
    void theExecutableAndTheDataDirectoryMustBoth() {
        Path data = Path.of("/srv/kiste/db/data");
        List<String> args = List.of("--basedir=/b", "--datadir=/srv/kiste/db/data", "--port=4000");
        assertThat(MariadbdIdentity.matches(Optional.of("/opt/m/bin/mariadbd"), Optional.of(args), data))
                .isTrue();
        assertThat(MariadbdIdentity.matches(Optional.of("/usr/sbin/mysqld (deleted)"), Optional.of(args), data))
                .isTrue();
        assertThat(MariadbdIdentity.matches(
                        Optional.of("/x/mariadbd"), Optional.of(List.of("--datadir=/./srv/kiste/db/data/")), data))
                .as("spelled another way")
                .isTrue();
        assertThat(MariadbdIdentity.matches(
                        Optional.of("/x/mariadbd"), Optional.of(List.of("--datadir", "/srv/kiste/db/data")), data))
                .isTrue();
        assertThat(MariadbdIdentity.matches(Optional.of("/usr/bin/sleep"), Optional.of(args), data))
                .as("another program")
                .isFalse();
        assertThat(MariadbdIdentity.matches(
                        Optional.of("/x/mariadbd"), Optional.of(List.of("--datadir=/srv/kiste/db/data2")), data))
                .as("another database")
                .isFalse();
        assertThat(MariadbdIdentity.matches(Optional.of("/x/mariadbd-helper"), Optional.of(args), data))
                .isFalse();
        assertThat(MariadbdIdentity.matches(Optional.empty(), Optional.of(args), data))
                .as("unreadable: another user's")
                .isFalse();
        assertThat(MariadbdIdentity.matches(Optional.of("/x/mariadbd"), Optional.empty(), data))
                .isFalse();
    }

    @Test
    void aPidFileNamingAnotherProcessIsNeitherTrustedNorSignalled() throws Exception {
        Path home = TestDatabase.tempDir("kiste-pid-");
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(home.resolve("mysqld.pid"), other.pid() + "\n");
            assertThat(EmbeddedDatabase.running(home)).isEmpty();
            EmbeddedDatabase.stopStale(home);
            assertThat(other.isAlive()).as("not ours: not signalled").isTrue();
            assertThat(home.resolve("mysqld.pid")).doesNotExist();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theMariadbdOfAnotherDataDirectoryIsNotOurs() throws Exception {
        Path home = TestDatabase.tempDir("kiste-pid-");
        Process fake = fakeMariadbd(home, home.resolve("elsewhere"));
        try {
            Files.writeString(home.resolve("mysqld.pid"), Long.toString(fake.pid()));
            assertThat(EmbeddedDatabase.running(home)).isEmpty();
            EmbeddedDatabase.stopStale(home);
            assertThat(fake.isAlive()).isTrue();
        } finally {
            fake.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStaleMariadbdOfThisDataDirectoryIsStopped() throws Exception {
        Path home = TestDatabase.tempDir("kiste-pid-");
        Process fake = fakeMariadbd(home, home.resolve("data"));
        try {
            Files.writeString(home.resolve("mysqld.pid"), Long.toString(fake.pid()));
            assertThat(EmbeddedDatabase.running(home)).map(ProcessHandle::pid).contains(fake.pid());
            EmbeddedDatabase.stopStale(home);
            assertThat(fake.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(home.resolve("mysqld.pid")).doesNotExist();
        } finally {
            fake.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRealEmbeddedMariadbdIsRecognised() throws Exception {
        Path data = TestDatabase.tempDir("kiste-pid-real-");
        Path home = data.resolve("db");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertThat(db.endpoint()).isNotNull();
            assertThat(EmbeddedDatabase.running(home)).isPresent();
            // the same process is not the database of another directory
            assertThat(MariadbdIdentity.serves(EmbeddedDatabase.running(home).orElseThrow(), data.resolve("other")))
                    .isFalse();
        }
        assertThat(EmbeddedDatabase.running(home)).isEmpty();
    }

    /** A shell copied under the name mariadbd, waiting, with {@code --datadir=dataDir} among its arguments. */
    private static Process fakeMariadbd(Path home, Path dataDir) throws IOException {
        Path exe = home.resolve("bin").resolve("mariadbd");
        Files.createDirectories(exe.getParent());
        Files.copy(Path.of("/bin/sh"), exe);
        exe.toFile().setExecutable(true);
        // "; exit" keeps the shell from replacing itself with sleep
        return new ProcessBuilder(exe.toString(), "-c", "sleep 60; exit 0", "mariadbd", "--datadir=" + dataDir).start();
    }
}
