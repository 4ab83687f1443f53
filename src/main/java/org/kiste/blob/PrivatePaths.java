package org.kiste.blob;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files of the service user only: the data, database and blob directories are 0700 and file contents 0600,
 * whatever the umask of the process, so another account on the host reads no file and reaches no database socket.
 * On a file system without POSIX permissions nothing is changed.
 */
public final class PrivatePaths {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivatePaths() {}

    /** Creates {@code dir} (and missing parents) and makes it 0700, also when it existed before. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX && !Files.getPosixFilePermissions(dir).equals(DIR)) {
            Files.setPosixFilePermissions(dir, DIR);
        }
        return dir;
    }

    /** The attributes a new file is created with: 0600. */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }
}
