package org.kiste.backup;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a complete backup holds: its database snapshot (file, size, SHA-256), the list of the blobs that snapshot
 * names, and when it was taken. Written last, by an atomic rename: a backup without it never finished.
 */
record Manifest(
        String created,
        String dump,
        long dumpSize,
        String dumpSha256,
        String blobList,
        long blobs,
        long blobBytes,
        String kisteVersion) {
    static final String FILE = "manifest.properties";
    static final int FORMAT = 1;

    static Optional<Manifest> read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
            throw new IOException(
                    dir.resolve(FILE) + " is of format " + p.getProperty("format") + ", this Kiste reads " + FORMAT);
        }
        try {
            return Optional.of(new Manifest(
                    p.getProperty("created"),
                    p.getProperty("dump"),
                    Long.parseLong(p.getProperty("dump.size")),
                    p.getProperty("dump.sha256"),
                    p.getProperty("blobs.list"),
                    Long.parseLong(p.getProperty("blobs.count")),
                    Long.parseLong(p.getProperty("blobs.bytes")),
                    p.getProperty("kiste.version")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(dir.resolve(FILE) + " is damaged: " + e.getMessage());
        }
    }

    /** Writes the manifest next to it, fsyncs it, and renames it into place, then fsyncs the directory. */
    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("created", created);
        p.setProperty("dump", dump);
        p.setProperty("dump.size", Long.toString(dumpSize));
        p.setProperty("dump.sha256", dumpSha256);
        p.setProperty("blobs.list", blobList);
        p.setProperty("blobs.count", Long.toString(blobs));
        p.setProperty("blobs.bytes", Long.toString(blobBytes));
        p.setProperty("kiste.version", kisteVersion);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "a complete Kiste backup: kiste backup restore --from " + dir);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        BlobFiles.fsync(dir);
    }
}
