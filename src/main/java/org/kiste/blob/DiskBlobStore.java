package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Blobs as files under {@code root/aa/bb/<key>}. A write goes to {@code root/tmp/<key>.part}, is fsync'd,
 * renamed into place and the directory fsync'd: a crash leaves either no file or the whole file, never a
 * partial one under a real key. A file's body announced at most {@code inlineMax} bytes long is received into
 * memory instead ({@link InlineBlobs}): its bytes go into its row, and this store holds nothing of it.
 */
public final class DiskBlobStore implements BlobStore {
    private static final int BUFFER = 256 * 1024;
    /** Bodies up to this size are hashed in the receiving thread alone: a hand-over costs more than it saves. */
    private static final long DIGEST_LANES_FROM = 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DiskBlobStore.class);
    private final Path root;
    private final Path tmp;
    /** Shard directories known to be durable in this process; at most 65,536 entries. */
    private final java.util.Set<Path> durableDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.ConcurrentHashMap<Path, Object> dirLocks =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The free space is asked of the file system (statvfs) at most every {@link #FREE_TTL_NANOS} while it is ample
     * ({@link #FREE_MARGIN}), less the bytes received since; near a full disk it is asked on every call.
     */
    private static final long FREE_TTL_NANOS = 1_000_000_000L;

    private static final long FREE_MARGIN = 256L << 20;

    private record Free(long bytes, long receivedBefore, long atNanos) {}

    /** Bytes written into part files by this process, ever. */
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

    private volatile Free free;
    private volatile FileStore store;

    private final int inlineMax;

    /** A store that keeps every blob as a file. */
    public DiskBlobStore(Path root) throws IOException {
        this(root, 0);
    }

    /**
     * @param inlineMax the largest announced body of a file kept in its row instead (0 for none), at most
     *                  {@link InlineBlobs#LIMIT}
     */
    public DiskBlobStore(Path root, int inlineMax) throws IOException {
        if (inlineMax < 0 || inlineMax > InlineBlobs.LIMIT) {
            throw new IllegalArgumentException("inline blobs can be at most " + InlineBlobs.LIMIT + " bytes");
        }
        this.root = PrivatePaths.directory(root);
        this.tmp = PrivatePaths.directory(root.resolve("tmp"));
        this.inlineMax = inlineMax;
    }

    @Override
    public String newKey() {
        byte[] keyBytes = new byte[16];
        RANDOM.nextBytes(keyBytes);
        return HEX.formatHex(keyBytes);
    }

    @Override
    public StagedBlob receive(String key, InputStream in, long expectedLength, long maxLength, Digests digests)
            throws IOException {
        path(key); // validates
        if (digests.file() && expectedLength > 0 && expectedLength <= inlineMax) {
            return InlineBlobs.receive(InlineBlobs.keyFor(key), in, (int) expectedLength, maxLength, digests);
        }
        Path part = tmp.resolve(key + ".part");
        try {
            return write(part, key, in, expectedLength, maxLength, digests);
        } catch (TooLargeException e) {
            Files.deleteIfExists(part); // this call's own file, which nothing names: no partial bytes are kept
            throw e;
        } catch (IOException e) {
            if (!DiskFullException.isNoSpace(e)) {
                throw e;
            }
            // the part file is this call's own (created new) and nothing names it: its bytes go now, to give the room
            // back at once
            Files.deleteIfExists(part);
            log.warn("disk full: no room left under {} while storing {}: {}", root, key, e.getMessage());
            throw new DiskFullException("no room left on the disk", e);
        }
    }

    private StagedBlob write(
            Path part, String key, InputStream in, long expectedLength, long maxLength, Digests digests)
            throws IOException {
        MessageDigest sha256 = digests.file() ? copy(SHA256) : null;
        MessageDigest sha1 = digests.file() ? copy(SHA1) : null;
        MessageDigest md5 = digests.md5() ? copy(MD5) : null;
        long size = 0;
        DigestLanes lanes = null;
        // a refused or cut body leaves its part file: only the garbage collector removes bytes
        try (FileChannel out = FileChannel.open(
                        part,
                        java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PrivatePaths.file());
                WriteBehind flushes = new WriteBehind(out)) {
            // a small body announced as such gets a buffer of its size (one byte more shows a body that runs long)
            byte[] buf = new byte[expectedLength >= 0 && expectedLength < BUFFER ? (int) expectedLength + 1 : BUFFER];
            int n;
            // whole buffers: a network read gives a few KiB, and each write and hand-over has its own cost
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                size += n;
                received.addAndGet(n);
                if (expectedLength >= 0 && size > expectedLength) {
                    throw new LengthMismatchException("body is longer than the announced " + expectedLength + " bytes");
                }
                if (maxLength >= 0 && size > maxLength) {
                    throw new TooLargeException("body exceeds the " + maxLength + " bytes available");
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                if (lanes != null) {
                    // each digest in a thread of its own, on the buffer just written, while the next one is read
                    lanes.submit(buf, n);
                    buf = lanes.buffer();
                    flushes.wrote(size);
                } else if (sha256 != null) {
                    sha256.update(buf, 0, n);
                    sha1.update(buf, 0, n);
                    if (md5 != null) {
                        md5.update(buf, 0, n);
                    }
                    if (size >= DIGEST_LANES_FROM) {
                        lanes = md5 == null
                                ? new DigestLanes(BUFFER, new MessageDigest[] {sha256}, new MessageDigest[] {sha1})
                                : new DigestLanes(
                                        BUFFER,
                                        new MessageDigest[] {sha256},
                                        new MessageDigest[] {sha1},
                                        new MessageDigest[] {md5});
                        buf = lanes.buffer();
                    }
                } else if (size >= DIGEST_LANES_FROM) {
                    flushes.wrote(size); // nothing to hash: the write-behind flush alone
                }
            }
            if (expectedLength >= 0 && size != expectedLength) {
                throw new LengthMismatchException("body ended after " + size + " of " + expectedLength + " bytes");
            }
            if (lanes != null) {
                lanes.finish();
            }
            flushes.await();
        } finally {
            if (lanes != null) {
                lanes.close();
            }
        }
        return new StagedBlob(
                key,
                size,
                sha256 == null ? null : sha256.digest(),
                sha1 == null ? null : sha1.digest(),
                md5 == null ? null : md5.digest());
    }

    @Override
    public void persist(StagedBlob blob) throws IOException {
        if (blob.inline()) {
            return; // durable with the transaction that writes its row
        }
        Path part = tmp.resolve(blob.key() + ".part");
        try {
            moveIntoPlace(blob.key(), part);
        } catch (IOException e) {
            if (!DiskFullException.isNoSpace(e)) {
                throw e;
            }
            // no room for the blob's folder or its last blocks: the part file is still this upload's own (no row
            // names its bytes before the upload commits), so it goes now, as in receive
            Files.deleteIfExists(part);
            log.warn("disk full: no room left under {} while storing {}: {}", root, blob.key(), e.getMessage());
            throw new DiskFullException("no room left on the disk", e);
        }
    }

    private void moveIntoPlace(String key, Path part) throws IOException {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true); // without it, delayed allocation can leave a renamed but empty file after a crash
        }
        Path target = path(key);
        Path dir = target.getParent();
        ensureDurableDir(dir);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        // the rename is durable only once the directory entry is
        fsyncDir(dir);
    }

    @Override
    public BlobReader open(String key) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobMissingException(key);
        }
        return new FileBlobReader(ch);
    }

    @Override
    public void delete(String key) throws IOException {
        if (InlineBlobs.isInline(key)) {
            return; // its bytes go with its row
        }
        Files.deleteIfExists(path(key));
        Files.deleteIfExists(tmp.resolve(key + ".part"));
    }

    @Override
    public long usableSpace() throws IOException {
        long now = System.nanoTime();
        Free f = free;
        if (f != null && now - f.atNanos() < FREE_TTL_NANOS) {
            long estimate = f.bytes() - (received.get() - f.receivedBefore());
            if (estimate >= FREE_MARGIN) {
                return estimate;
            }
        }
        FileStore fs = store;
        if (fs == null) {
            fs = Files.getFileStore(root); // finding the mount reads the mount table: once
            store = fs;
        }
        long before = received.get();
        long bytes = fs.getUsableSpace();
        free = new Free(bytes, before, now);
        return bytes;
    }

    @Override
    public int parts() {
        return 256;
    }

    @Override
    public void keysIn(int part, Instant cutoff, Consumer<String> sink) throws IOException {
        String shard = HEX.formatHex(new byte[] {(byte) part});
        Path top = root.resolve(shard);
        if (Files.isDirectory(top)) {
            try (DirectoryStream<Path> seconds = Files.newDirectoryStream(top)) {
                for (Path dir : seconds) {
                    try (DirectoryStream<Path> blobs = Files.newDirectoryStream(dir)) {
                        for (Path blob : blobs) {
                            offer(blob, blob.getFileName().toString(), cutoff, sink);
                        }
                    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
                        // not a shard directory
                    }
                }
            }
        }
    }

    @Override
    public void unfinished(Instant cutoff, Consumer<String> sink) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : parts) {
                String name = p.getFileName().toString();
                offer(p, name.substring(0, name.length() - ".part".length()), cutoff, sink);
            }
        }
    }

    private static void offer(Path p, String key, Instant cutoff, Consumer<String> sink) throws IOException {
        if (!isKey(key)) {
            return;
        }
        try {
            if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                sink.accept(key);
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile
        }
    }

    private static boolean isKey(String key) {
        if (key.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char ch = key.charAt(i);
            if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public Path path(String key) {
        if (!isKey(key)) {
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

    private static final MessageDigest SHA256 = digest("SHA-256");
    private static final MessageDigest SHA1 = digest("SHA-1");
    private static final MessageDigest MD5 = digest("MD5");

    /** A fresh digest: cloning a pristine one skips the provider lookup of {@link MessageDigest#getInstance}. */
    private static MessageDigest copy(MessageDigest pristine) {
        try {
            return (MessageDigest) pristine.clone();
        } catch (CloneNotSupportedException e) {
            return digest(pristine.getAlgorithm());
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
