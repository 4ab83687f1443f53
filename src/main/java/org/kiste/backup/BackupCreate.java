package org.kiste.backup;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kiste.blob.DiskBlobStore;
import org.kiste.config.KisteConfig;
import org.kiste.config.Version;
import org.kiste.store.BackupLeases;
import org.kiste.store.Database;
import org.kiste.store.DbEndpoint;
import org.kiste.store.EmbeddedDatabase;
import org.kiste.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kiste backup create}: an online backup, taken while the server runs and clients write.
 *
 * <ol>
 *   <li>A lease is taken in the database first: from then on the blob collector deletes nothing, so every blob the
 *       snapshot is about to name stays on disk until the copy is done.
 *   <li>{@code mariadb-dump --single-transaction} writes a consistent snapshot of the database.
 *   <li>The blobs that snapshot names (read from the dump itself) are copied, verified by size and SHA-256, into the
 *       backup directory; those an earlier backup into it copied already are kept (content under a key never
 *       changes). The lease is renewed meanwhile, and checked once more at the end: a lease that lapsed (the
 *       backup stalled for longer than it lasts) fails the backup.
 *   <li>The manifest is written last, atomically: a backup without one (killed, failed) is incomplete, and the
 *       previous complete backup in the directory stays as it was.
 * </ol>
 */
public final class BackupCreate {
    private static final Logger log = LoggerFactory.getLogger(BackupCreate.class);
    /** How long a lease lasts without renewal: what a killed backup costs the collector at most. */
    static final Duration LEASE = Duration.ofMinutes(10);

    private static final Duration RENEW_EVERY = Duration.ofMinutes(1);

    /** What a backup did. */
    public record Summary(long blobs, long bytes, long copied, long copiedBytes, long dumpSize, int pruned) {}

    private final KisteConfig config;
    private final DbEndpoint endpoint;
    private final Database db;
    private final DiskBlobStore store;

    public BackupCreate(KisteConfig config, DbEndpoint endpoint, Database db, DiskBlobStore store) {
        this.config = config;
        this.endpoint = endpoint;
        this.db = db;
        this.store = store;
    }

    public Summary run(Path to, PrintWriter progress) throws IOException {
        Path dir = to.toAbsolutePath().normalize();
        try (BackupDir out = BackupDir.forWriting(dir)) {
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            String holder = host() + " pid " + ProcessHandle.current().pid() + " backup " + stamp + " to " + dir;
            out.markInProgress("backup " + stamp + " started at " + Instant.now() + " by " + holder);
            BackupLeases leases = new BackupLeases(db);
            String token = leases.take(holder, LEASE);
            AtomicBoolean lapsed = new AtomicBoolean();
            ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kiste-backup-lease");
                t.setDaemon(true);
                return t;
            });
            renewer.scheduleWithFixedDelay(
                    () -> renew(leases, token, lapsed),
                    RENEW_EVERY.toSeconds(),
                    RENEW_EVERY.toSeconds(),
                    TimeUnit.SECONDS);
            try {
                return backup(out, stamp, leases, token, lapsed, progress);
            } finally {
                renewer.shutdownNow();
                try {
                    leases.release(token);
                } catch (StoreException e) {
                    log.warn("cannot release the backup lease (it expires by itself): {}", e.getMessage());
                }
            }
        }
    }

    private Summary backup(
            BackupDir out, String stamp, BackupLeases leases, String token, AtomicBoolean lapsed, PrintWriter progress)
            throws IOException {
        DumpTools tools =
                DumpTools.find(endpoint, config.embeddedDatabase(), EmbeddedDatabase.binDir(config.dataDir()));
        Path dumpPart = out.dumps.resolve(stamp + ".sql.part");
        Path dump = out.dumps.resolve(stamp + ".sql");
        tools.dump(dumpPart, out.work);
        // it holds password hashes and tokens: for the service user alone, whatever the umask
        Files.setPosixFilePermissions(dumpPart, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (var ch = java.nio.channels.FileChannel.open(dumpPart, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(dumpPart, dump, StandardCopyOption.ATOMIC_MOVE);
        DumpedBlobs snapshot = DumpedBlobs.read(dump);
        progress.printf("database snapshot: %s (%d bytes, %d blobs)%n", dump, snapshot.dumpSize, snapshot.blobs.size());
        progress.flush();

        long bytes = 0;
        long copied = 0;
        long copiedBytes = 0;
        Set<String> keys = new HashSet<>();
        for (DumpedBlobs.Blob blob : snapshot.blobs) {
            if (lapsed.get()) {
                throw new IOException("the backup lease lapsed (the backup was stalled for longer than "
                        + LEASE.toMinutes() + " minutes): blobs may have been reclaimed meanwhile; run it again");
            }
            keys.add(blob.key());
            bytes += blob.size();
            if (out.blobs.has(blob)) {
                continue;
            }
            try {
                out.blobs.copy(store.path(blob.key()), blob);
            } catch (BlobFiles.DamagedBlobException e) {
                throw new IOException(e.getMessage() + "; kiste fsck finds such blobs and --repair marks them lost");
            }
            copied++;
            copiedBytes += blob.size();
        }
        Path list = out.dumps.resolve(stamp + ".blobs");
        BackupDir.writeList(list, snapshot.blobs);
        // the dump's and the list's names are durable before the manifest names them (and older dumps go)
        BlobFiles.fsync(out.dumps);
        // a lease renewed only while unexpired: if it is still good now, it held the collector off throughout
        if (!leases.renew(token, LEASE)) {
            throw new IOException("the backup lease lapsed before the copy was done: blobs may have been reclaimed"
                    + " meanwhile; run it again");
        }
        Manifest manifest = new Manifest(
                Instant.now().toString(),
                "dumps/" + dump.getFileName(),
                snapshot.dumpSize,
                HexFormat.of().formatHex(snapshot.dumpSha256),
                "dumps/" + list.getFileName(),
                snapshot.blobs.size(),
                bytes,
                Version.get());
        manifest.write(out.dir);
        out.clearInProgress();
        int pruned = out.prune(manifest, keys);
        return new Summary(snapshot.blobs.size(), bytes, copied, copiedBytes, snapshot.dumpSize, pruned);
    }

    private static void renew(BackupLeases leases, String token, AtomicBoolean lapsed) {
        try {
            if (!leases.renew(token, LEASE)) {
                lapsed.set(true);
            }
        } catch (RuntimeException e) {
            // the database out of reach for a moment: the next renewal (well within the lease) tries again
            log.warn("cannot renew the backup lease: {}", e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
