package org.kiste.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import org.kiste.blob.PrivatePaths;

/**
 * Blob files under a root in the blob store's layout ({@code aa/bb/<key>}), copied whole or not at all: into
 * {@code tmp/<key>.part}, checked against the recorded size and SHA-256 on the way, fsync'd, renamed into place and
 * the directory fsync'd. A blob that is already there with its size is not copied again (content under a key never
 * changes).
 */
final class BlobFiles {
    private final Path root;
    private final Path tmp;

    BlobFiles(Path root) throws IOException {
        this.root = PrivatePaths.directory(root);
        this.tmp = PrivatePaths.directory(root.resolve("tmp"));
    }

    Path root() {
        return root;
    }

    static Path path(Path root, String key) {
        if (key.length() != 32 || !key.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    Path path(String key) {
        return path(root, key);
    }

    /** Whether the blob is here with its size. */
    boolean has(DumpedBlobs.Blob blob) throws IOException {
        return present(root, blob);
    }

    /** Whether the blob is under {@code root} with its size (without creating anything there). */
    static boolean present(Path root, DumpedBlobs.Blob blob) throws IOException {
        try {
            return Files.size(path(root, blob.key())) == blob.size();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Copies {@code blob} from {@code from} (a file) here, verified; fails with a message naming the blob when the
     * source is missing, of another size, or does not match its SHA-256.
     */
    void copy(Path from, DumpedBlobs.Blob blob) throws IOException {
        Path part = tmp.resolve(blob.key() + ".part");
        Files.deleteIfExists(part); // left by an interrupted run
        MessageDigest md = DumpedBlobs.sha256();
        long size = 0;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        part, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivatePaths.file())) {
            ByteBuffer buf = ByteBuffer.allocate(128 * 1024);
            while (in.read(buf) > 0) {
                buf.flip();
                md.update(buf.array(), 0, buf.limit());
                size += buf.limit();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
            if (size != blob.size()) {
                throw new DamagedBlobException("blob " + blob.key() + " at " + from + " holds " + size
                        + " bytes, its row says " + blob.size());
            }
            if (blob.sha256() != null && !Arrays.equals(md.digest(), blob.sha256())) {
                throw new DamagedBlobException(
                        "blob " + blob.key() + " at " + from + " does not match its SHA-256 (its bytes are damaged)");
            }
            out.force(true);
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(part);
            throw new DamagedBlobException("blob " + blob.key() + " is missing at " + from);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Path target = path(blob.key());
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            PrivatePaths.directory(dir);
            fsync(dir.getParent());
            fsync(dir.getParent().getParent());
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsync(dir);
    }

    static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** A blob whose source bytes are missing or do not match their row. */
    static final class DamagedBlobException extends IOException {
        DamagedBlobException(String message) {
            super(message);
        }
    }
}
