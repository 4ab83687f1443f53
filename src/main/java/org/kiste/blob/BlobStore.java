package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Immutable, write-once content under random keys, in streams only: nothing here assumes a file system, so an
 * S3-compatible store can implement it as well as a directory. An upload is received (streamed and hashed), then
 * persisted (made durable and readable under its key) before the metadata that names the key commits, never after.
 * Bytes are removed only by the garbage collector, and only for keys no metadata names.
 */
public interface BlobStore {
    /** A fresh random key; known before the bytes, so it can be recorded as pending first. */
    String newKey();

    /**
     * Streams {@code in} into a new blob under {@code key}, hashing it on the way with {@code digests}. The blob is
     * not yet durable nor readable: {@link #persist} makes it so. A small file's body may come back inline
     * ({@link StagedBlob#inline()}, a key of {@link InlineBlobs}): its bytes are then written with its row, in the
     * transaction that names it, and the store holds nothing of it.
     *
     * @param expectedLength bytes the client announced, or -1; a body that ends short or runs long is refused
     * @param maxLength      the most bytes accepted (quota), or -1 for no limit
     */
    StagedBlob receive(String key, InputStream in, long expectedLength, long maxLength, Digests digests)
            throws IOException;

    /** Makes a received blob durable and readable under its key. */
    void persist(StagedBlob blob) throws IOException;

    /**
     * Opens a blob for reading. Fails with {@link BlobMissingException} when no blob is stored under the key, so a
     * caller can refuse before it has promised the client anything.
     */
    BlobReader open(String key) throws IOException;

    /** Removes a blob's bytes, received or persisted; only for keys no metadata names (the garbage collector). */
    void delete(String key) throws IOException;

    /**
     * Bytes the store can still take (the free space of a disk; {@link Long#MAX_VALUE} when unbounded). While there
     * is plenty, it may be a recent reading less what was received since; near full, it is read each time.
     */
    long usableSpace() throws IOException;

    /**
     * Hands over the keys of stored blobs last written before {@code cutoff},
     * from one part of the store per call ({@code part} of {@link #parts()}), so that a sweep for bytes no metadata
     * names can run in bounded steps.
     */
    void keysIn(int part, Instant cutoff, Consumer<String> sink) throws IOException;

    /** How many parts {@link #keysIn} divides the store into. */
    int parts();

    /** Hands over the keys of uploads received but never persisted, last written before {@code cutoff}. */
    void unfinished(Instant cutoff, Consumer<String> sink) throws IOException;
}
