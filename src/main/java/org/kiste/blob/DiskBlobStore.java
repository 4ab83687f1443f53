package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code root/aa/bb/<key>}. A write goes to {@code root/tmp/<key>.part}, is fsync'd,
 * renamed into place and the directory fsync'd: a crash leaves either no file or the whole file, never a
 * partial one under a real key.
 */
public final class DiskBlobStore implements BlobStore {
    private static final int BUFFER = 128 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Path root;
    private final Path tmp;
    /** Shard directories known to be durable in this process; at most 65,536 entries. */
    private final java.util.Set<Path> durableDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ConcurrentHashMap<Path, Object> dirLocks = new java.util.concurrent.ConcurrentHashMap<>();

    public DiskBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.tmp = Files.createDirectories(root.resolve("tmp"));
    }

    /** Removes {@code .part} files a crash left behind; call before the server accepts uploads. */
    public int removeLeftoverParts() throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(".part")) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public String newKey() {
        byte[] keyBytes = new byte[16];
        RANDOM.nextBytes(keyBytes);
        return HEX.formatHex(keyBytes);
    }

    @Override
    public StagedBlob write(String key, InputStream in, long expectedLength, long maxLength) throws IOException {
        StagedBlob b = receive(key, in, expectedLength, maxLength);
        try {
            persist(b);
        } catch (IOException | RuntimeException e) {
            delete(key);
            throw e;
        }
        return b;
    }

    @Override
    public StagedBlob receive(String key, InputStream in, long expectedLength, long maxLength) throws IOException {
        path(key); // validates
        Path part = tmp.resolve(key + ".part");
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha1 = digest("SHA-1");
        MessageDigest md5 = digest("MD5");
        long size = 0;
        boolean done = false;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[BUFFER];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                size += n;
                if (expectedLength >= 0 && size > expectedLength) {
                    throw new LengthMismatchException("body is longer than the announced " + expectedLength + " bytes");
                }
                if (maxLength >= 0 && size > maxLength) {
                    throw new TooLargeException("body exceeds the " + maxLength + " bytes available");
                }
                sha256.update(buf, 0, n);
                sha1.update(buf, 0, n);
                md5.update(buf, 0, n);
                bb.clear().limit(n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            if (expectedLength >= 0 && size != expectedLength) {
                throw new LengthMismatchException("body ended after " + size + " of " + expectedLength + " bytes");
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
        return new StagedBlob(key, size, sha256.digest(), sha1.digest(), md5.digest());
    }

    @Override
    public void persist(StagedBlob blob) throws IOException {
        String key = blob.key();
        Path part = tmp.resolve(key + ".part");
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true); // without it, delayed allocation can leave a renamed but empty file after a crash
        }
        Path target = path(key);
        Path dir = target.getParent();
        ensureDurableDir(dir);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        // the rename is durable only once the directory entry is
        fsyncDir(dir);
    }

    @Override
    public SeekableByteChannel open(String key) throws IOException {
        return FileChannel.open(path(key), StandardOpenOption.READ);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
        Files.deleteIfExists(tmp.resolve(key + ".part"));
    }

    @Override
    public long usableSpace() throws IOException {
        FileStore fs = Files.getFileStore(root);
        return fs.getUsableSpace();
    }

    public Path path(String key) {
        if (key.length() != 32 || !key.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            throw new IllegalArgumentException("bad blob key");
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    /**
     * Creates a shard directory and makes its entry durable before any blob is renamed into it. Concurrent
     * uploads into a new shard wait for the one that creates it, so none can rename into a directory whose own
     * entry a power cut could still lose.
     */
    private void ensureDurableDir(Path dir) throws IOException {
        if (durableDirs.contains(dir)) {
            return;
        }
        synchronized (dirLocks.computeIfAbsent(dir, d -> new Object())) {
            if (durableDirs.contains(dir)) {
                return;
            }
            Files.createDirectories(dir);
            fsyncDir(dir.getParent());
            fsyncDir(dir.getParent().getParent());
            durableDirs.add(dir);
        }
        dirLocks.remove(dir);
    }

    private static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
