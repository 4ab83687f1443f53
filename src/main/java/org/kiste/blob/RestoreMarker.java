package org.kiste.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The mark of a {@code kiste backup restore} under way in a blob directory: set before the restore writes anything,
 * cleared when it has finished. While it is there the server does not start, so a restore cut short (killed, a full
 * disk) is never served as if it were whole.
 */
public final class RestoreMarker {
    private static final String FILE = ".restore-in-progress";

    private RestoreMarker() {}

    public static boolean present(Path blobDir) {
        return Files.exists(blobDir.resolve(FILE));
    }

    /** Sets the mark, durably. */
    public static void set(Path blobDir, String what) throws IOException {
        Path p = blobDir.resolve(FILE);
        Files.writeString(p, what + "\n", StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        syncDirectory(blobDir);
    }

    /** Clears the mark, durably. */
    public static void clear(Path blobDir) throws IOException {
        Files.deleteIfExists(blobDir.resolve(FILE));
        syncDirectory(blobDir);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
