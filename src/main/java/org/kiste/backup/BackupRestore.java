package org.kiste.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kiste.blob.PrivatePaths;
import org.kiste.blob.RestoreMarker;
import org.kiste.config.KisteConfig;
import org.kiste.store.Database;
import org.kiste.store.DbEndpoint;
import org.kiste.store.EmbeddedDatabase;
import org.kiste.store.RestoredDatabase;

/**
 * {@code kiste backup restore}: the last complete backup of a directory, into an empty target only: an empty data
 * directory (the embedded database is installed there), or an empty external database plus an empty blob
 * directory. The backup is checked before anything is written (its manifest, the dump's size and SHA-256, every
 * listed blob there with its size); the blobs are checked against their SHA-256 again as they are copied. Locks and
 * backup leases are not restored.
 */
public final class BackupRestore {
    /** What a restore refuses before it writes anything: a non-empty target, an incomplete or damaged backup. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** What a restore did. */
    public record Summary(String created, long blobs, long bytes) {}

    private final KisteConfig config;

    public BackupRestore(KisteConfig config) {
        this.config = config;
    }

    public Summary run(Path from, PrintWriter progress) throws IOException {
        Path dir = from.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new Refused(dir + " is not a directory");
        }
        // held throughout: a backup finishing meanwhile would prune blobs of the manifest read here
        try (BackupDir.ReadLock held = BackupDir.lockForReading(dir)) {
            if (held == null) {
                throw new Refused("a backup is writing into " + dir + " right now: restore when it has finished");
            }
            return restore(dir, progress);
        }
    }

    private Summary restore(Path dir, PrintWriter progress) throws IOException {
        Optional<String> unfinished = BackupDir.inProgress(dir);
        Manifest manifest = Manifest.read(dir)
                .orElseThrow(() -> new Refused(unfinished
                        .map(u -> dir + " holds no complete backup: the " + u + " did not finish (interrupted?);"
                                + " run kiste backup create again")
                        .orElse(dir + " holds no Kiste backup (no " + Manifest.FILE + ")")));
        if (unfinished.isPresent()) {
            progress.println("note: a later backup into " + dir + " did not finish (" + unfinished.get()
                    + "); restoring the last complete one, of " + manifest.created());
        }
        Path blobDir = config.blobDir();
        if (RestoreMarker.present(blobDir)) {
            throw new Refused("an earlier restore into " + blobDir + " did not finish: move the data directory (and,"
                    + " with an external database, its tables) aside and restore again");
        }
        if (config.embeddedDatabase()) {
            refuseNonEmpty(config.dataDir(), "the data directory");
        }
        refuseNonEmpty(blobDir, "the blob directory");
        Path dump = dir.resolve(manifest.dump());
        List<DumpedBlobs.Blob> blobs = checked(dir, manifest, dump);
        if (!config.embeddedDatabase()) {
            refuseNonEmptyDatabase();
        }

        // marked before anything is written and cleared last: the server does not start on a restore cut short
        PrivatePaths.directory(blobDir);
        RestoreMarker.set(blobDir, "kiste backup restore of " + dir + " (" + manifest.created() + ")");
        progress.printf("copying %d blobs (%d bytes) into %s%n", blobs.size(), manifest.blobBytes(), blobDir);
        progress.flush();
        BlobFiles target = new BlobFiles(blobDir);
        for (DumpedBlobs.Blob b : blobs) {
            if (!target.has(b)) {
                target.copy(BlobFiles.path(dir.resolve("blobs"), b.key()), b);
            }
        }

        if (config.embeddedDatabase()) {
            progress.println(
                    "installing the embedded MariaDB in " + config.dataDir().resolve("db"));
            progress.flush();
            try (EmbeddedDatabase embedded = EmbeddedDatabase.start(config.dataDir(), 5_000)) {
                load(embedded.endpoint(), true, dump, progress);
            }
        } else {
            load(new DbEndpoint(config.dbUrl().get(), config.dbUser(), config.dbPassword()), false, dump, progress);
        }
        RestoreMarker.clear(blobDir);
        return new Summary(manifest.created(), blobs.size(), manifest.blobBytes());
    }

    private void load(DbEndpoint endpoint, boolean embedded, Path dump, PrintWriter progress) throws IOException {
        progress.println("loading the database snapshot");
        progress.flush();
        Path work = Files.createTempDirectory("kiste-restore-");
        try {
            DumpTools.find(endpoint, embedded, EmbeddedDatabase.binDir(config.dataDir()))
                    .load(dump, work);
        } finally {
            try (Stream<Path> left = Files.list(work)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
        try (Database db = Database.open(endpoint, 2)) {
            db.migrate(); // a backup of an older Kiste is brought up to this one's schema
            RestoredDatabase.forget(db);
        }
    }

    /** Checks the backup before anything is written; returns its blob list. */
    private static List<DumpedBlobs.Blob> checked(Path dir, Manifest manifest, Path dump) throws IOException {
        if (!Files.isRegularFile(dump) || Files.size(dump) != manifest.dumpSize()) {
            throw new Refused("the backup in " + dir + " is damaged: " + manifest.dump() + " is missing or not of "
                    + manifest.dumpSize() + " bytes");
        }
        MessageDigest md = DumpedBlobs.sha256();
        try (InputStream in = Files.newInputStream(dump)) {
            byte[] buf = new byte[128 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        if (!HexFormat.of().formatHex(md.digest()).equals(manifest.dumpSha256())) {
            throw new Refused(
                    "the backup in " + dir + " is damaged: " + manifest.dump() + " does not match its SHA-256");
        }
        List<DumpedBlobs.Blob> blobs = BackupDir.readList(dir.resolve(manifest.blobList()));
        if (blobs.size() != manifest.blobs()) {
            throw new Refused("the backup in " + dir + " is damaged: " + manifest.blobList() + " lists " + blobs.size()
                    + " blobs, the manifest " + manifest.blobs());
        }
        for (DumpedBlobs.Blob b : blobs) {
            if (!BlobFiles.present(dir.resolve("blobs"), b)) {
                throw new Refused("the backup in " + dir + " is damaged: blob " + b.key() + " is missing or not of "
                        + b.size() + " bytes");
            }
        }
        return blobs;
    }

    private void refuseNonEmptyDatabase() throws IOException {
        DbEndpoint endpoint = new DbEndpoint(config.dbUrl().get(), config.dbUser(), config.dbPassword());
        try (Database db = Database.open(endpoint, 2)) {
            int tables = RestoredDatabase.tables(db);
            if (tables > 0) {
                throw new Refused("the database " + endpoint.url() + " is not empty (" + tables
                        + " tables): restore goes into an empty database only");
            }
        }
    }

    private static void refuseNonEmpty(Path dir, String what) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new Refused(what + " " + dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new Refused(what + " " + dir + " is not empty: restore goes into an empty one only"
                        + " (move it aside, or set KISTE_DATA to a new directory)");
            }
        }
    }
}
