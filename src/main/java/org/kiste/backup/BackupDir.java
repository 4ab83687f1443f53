package org.kiste.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kiste.blob.PrivatePaths;

/**
 * A backup directory: {@code blobs/} (the blob files, shared by successive backups, in the store's layout),
 * {@code dumps/} (a database snapshot and its blob list per run), {@code manifest.properties} (the last complete
 * backup, written last) and {@code in-progress} (there while a backup runs, and left behind by one that was
 * interrupted). One backup at a time writes into it (a lock on {@code .lock}, released by the system when the
 * process dies).
 */
final class BackupDir implements AutoCloseable {
    static final String IN_PROGRESS = "in-progress";

    final Path dir;
    final Path dumps;
    final Path work;
    final BlobFiles blobs;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private BackupDir(Path dir, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.dumps = PrivatePaths.directory(dir.resolve("dumps"));
        this.work = PrivatePaths.directory(dir.resolve("work"));
        this.blobs = new BlobFiles(dir.resolve("blobs"));
    }

    /** Opens {@code dir} for a new backup (creating it), refused while another backup writes into it. */
    static BackupDir forWriting(Path dir) throws IOException {
        PrivatePaths.directory(dir);
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IOException("another backup is writing into " + dir + " right now");
        }
        return new BackupDir(dir, ch, lock);
    }

    /** The lock of a backup directory held while a restore reads it. */
    static final class ReadLock implements AutoCloseable {
        private final FileChannel channel;

        private ReadLock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            channel.close(); // releases the lock
        }
    }

    /**
     * Takes the directory's lock for a restore, so that no backup prunes what it reads; null while a backup writes
     * into it.
     */
    static ReadLock lockForReading(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (ch.tryLock() != null) {
                return new ReadLock(ch);
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // a backup of this process writes into it
        }
        ch.close();
        return null;
    }

    /** Marks the directory as holding a backup under way: it stays if the backup is interrupted. */
    void markInProgress(String what) throws IOException {
        Path p = dir.resolve(IN_PROGRESS);
        Files.writeString(p, what + "\n", StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        BlobFiles.fsync(dir);
    }

    void clearInProgress() throws IOException {
        Files.deleteIfExists(dir.resolve(IN_PROGRESS));
        BlobFiles.fsync(dir);
    }

    /** What the interrupted or running backup wrote into {@code in-progress}, if there is one. */
    static Optional<String> inProgress(Path dir) throws IOException {
        try {
            return Optional.of(Files.readString(dir.resolve(IN_PROGRESS), StandardCharsets.UTF_8)
                    .strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Writes the blob list of a snapshot ({@code key size sha256|-} per line), fsync'd. */
    static void writeList(Path file, List<DumpedBlobs.Blob> blobs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (DumpedBlobs.Blob b : blobs) {
            sb.append(b.key())
                    .append(' ')
                    .append(b.size())
                    .append(' ')
                    .append(b.sha256() == null ? "-" : HexFormat.of().formatHex(b.sha256()))
                    .append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static List<DumpedBlobs.Blob> readList(Path file) throws IOException {
        List<DumpedBlobs.Blob> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            if (f.length != 3) {
                throw new IOException(file + " is damaged: " + line);
            }
            out.add(new DumpedBlobs.Blob(
                    f[0],
                    Long.parseLong(f[1]),
                    f[2].equals("-") ? null : HexFormat.of().parseHex(f[2])));
        }
        return out;
    }

    /**
     * After a complete backup: removes what only earlier or interrupted runs needed (their dumps, blob lists and
     * parts, and blob files the new snapshot does not name). Returns how many blob files went.
     */
    int prune(Manifest kept, Set<String> keys) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dumps)) {
            for (Path p : ds) {
                String name = "dumps/" + p.getFileName();
                if (!name.equals(kept.dump()) && !name.equals(kept.blobList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(work)) {
            for (Path p : ds) {
                Files.deleteIfExists(p); // option files an interrupted run left
            }
        }
        int removed = 0;
        try (var walk = Files.walk(blobs.root(), 3)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (p.getParent().equals(blobs.root().resolve("tmp")) || !keys.contains(name)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
