package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kiste.model.BadRequestException;
import org.kiste.model.ConflictException;
import org.kiste.model.InsufficientStorageException;

/**
 * Chunks on disk, under the blob directory so that every server process sharing it sees the same transfers:
 * {@code <blob.dir>/uploads/<userId>/<transfer>/<chunk>}. A chunk streams into {@code uploads/.parts/}, is
 * fsync'd and then renamed into its transfer, so a listing never shows a partial chunk. A transfer's directory
 * time is its last change (adding, replacing or removing a chunk), which is what expiry goes by.
 */
public final class ChunkStore {
    private static final int BUFFER = 128 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path parts;

    /** @param blobDir the blob store's directory ({@code blob.dir}) */
    public ChunkStore(Path blobDir) throws IOException {
        this.root = Files.createDirectories(blobDir.resolve("uploads"));
        this.parts = Files.createDirectories(root.resolve(".parts"));
    }

    private Path userDir(long userId) {
        return root.resolve(Long.toString(userId));
    }

    private Path dir(long userId, String transfer) {
        return userDir(userId).resolve(UploadNames.toDisk(transfer));
    }

    /** Creates an empty transfer; false when it exists already. */
    public boolean create(long userId, String transfer) throws IOException {
        Files.createDirectories(userDir(userId));
        try {
            Files.createDirectory(dir(userId, transfer));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    public Optional<Transfer> transfer(long userId, String transfer) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(dir(userId, transfer), BasicFileAttributes.class);
            return a.isDirectory() ? Optional.of(new Transfer(userId, transfer, a.lastModifiedTime().toMillis()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The user's transfers, in no particular order, handed over one at a time. */
    public void transfers(long userId, Consumer<Transfer> sink) throws IOException {
        Path dir = userDir(userId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String id = UploadNames.fromDisk(p.getFileName().toString());
                if (id == null) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isDirectory()) {
                        sink.accept(new Transfer(userId, id, a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException e) {
                    // removed while listing
                }
            }
        }
    }

    /** Every transfer of every user, for expiry; stops after {@code limit}. */
    public List<Transfer> all(int limit) throws IOException {
        List<Transfer> out = new ArrayList<>();
        try (DirectoryStream<Path> users = Files.newDirectoryStream(root)) {
            for (Path u : users) {
                long userId;
                try {
                    userId = Long.parseLong(u.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue; // .parts
                }
                transfers(userId, t -> {
                    if (out.size() < limit) {
                        out.add(t);
                    }
                });
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** The transfer's chunks in no particular order; empty when the transfer does not exist. */
    public Optional<List<Chunk>> chunks(long userId, String transfer) throws IOException {
        Path dir = dir(userId, transfer);
        List<Chunk> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = UploadNames.fromDisk(p.getFileName().toString());
                if (name == null) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.add(new Chunk(name, a.size(), a.lastModifiedTime().toMillis(), p));
                    }
                } catch (NoSuchFileException e) {
                    // removed while listing
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    public Optional<Chunk> chunk(long userId, String transfer, String name) throws IOException {
        Path p = dir(userId, transfer).resolve(UploadNames.toDisk(name));
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new Chunk(name, a.size(), a.lastModifiedTime().toMillis(), p))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Streams a chunk to disk and publishes it under its name, replacing a chunk of that name.
     *
     * @param length    the announced length, or -1; a body that ends short or runs long is refused (400)
     * @param maxLength the most bytes accepted (507 beyond), or -1
     * @return true when the chunk is new, false when it replaced one
     * @throws ConflictException when the transfer does not exist
     */
    public boolean write(long userId, String transfer, String name, InputStream in, long length, long maxLength)
            throws IOException {
        Path dir = dir(userId, transfer);
        if (!Files.isDirectory(dir)) {
            throw new ConflictException("upload " + transfer + " does not exist");
        }
        Path part = parts.resolve(HexFormat.of().formatHex(randomBytes()) + ".part");
        boolean done = false;
        try {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copy(in, out, length, maxLength);
                // the client drops its copy of an acknowledged chunk: make it survive a power cut first
                out.force(true);
            }
            Path target = dir.resolve(UploadNames.toDisk(name));
            boolean replaced = Files.exists(target);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                throw new ConflictException("upload " + transfer + " does not exist"); // aborted meanwhile
            }
            done = true;
            return !replaced;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static void copy(InputStream in, FileChannel out, long length, long maxLength) throws IOException {
        byte[] buf = new byte[BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long size = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            size += n;
            if (length >= 0 && size > length) {
                throw new BadRequestException("body is longer than the announced " + length + " bytes");
            }
            if (maxLength >= 0 && size > maxLength) {
                throw new InsufficientStorageException("chunk exceeds the " + maxLength + " bytes available");
            }
            bb.clear().limit(n);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
        }
        if (length >= 0 && size != length) {
            throw new BadRequestException("body ended after " + size + " of " + length + " bytes");
        }
    }

    /** Removes one chunk; false when there was none. */
    public boolean deleteChunk(long userId, String transfer, String name) throws IOException {
        return Files.deleteIfExists(dir(userId, transfer).resolve(UploadNames.toDisk(name)));
    }

    /**
     * Removes a transfer and its chunks; false when there was none. The folder is first renamed away in one step,
     * so the transfer is gone at once for every reader, and a chunk arriving meanwhile finds no transfer (409)
     * instead of landing in a half-deleted one.
     */
    public boolean deleteTransfer(long userId, String transfer) throws IOException {
        Path gone = parts.resolve(HexFormat.of().formatHex(randomBytes()) + ".gone");
        try {
            Files.move(dir(userId, transfer), gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        deleteTree(gone);
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            return; // another process finished it
        }
        Files.deleteIfExists(dir);
    }

    /**
     * Removes chunk bodies still being received since before {@code cutoffMillis} (left by a crash), and transfers
     * whose removal a crash interrupted.
     */
    public int removeStaleParts(long cutoffMillis) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parts)) {
            for (Path p : ds) {
                try {
                    if (p.getFileName().toString().endsWith(".gone")) {
                        deleteTree(p); // a removal a crash interrupted
                    } else if (Files.getLastModifiedTime(p).toMillis() < cutoffMillis && Files.deleteIfExists(p)) {
                        n++;
                    }
                } catch (NoSuchFileException e) {
                    // finished meanwhile
                }
            }
        }
        return n;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
