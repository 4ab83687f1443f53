package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Immutable, write-once content. {@link #write} makes the bytes durable under a fresh random key before it
 * returns; the caller publishes the key by committing metadata afterwards, never before.
 */
public interface BlobStore {
    /**
     * Streams {@code in} into a new blob under {@code key}, hashing it on the way, and makes it durable (fsync of file and directory).
     *
     * @param expectedLength bytes the client announced, or -1; a body that ends short or runs long is refused
     * @param maxLength      the most bytes accepted (quota), or -1 for no limit
     */
    StagedBlob write(String key, InputStream in, long expectedLength, long maxLength) throws IOException;

    /**
     * The first half of {@link #write}: streams and hashes the body into a temporary file that is not yet
     * durable. {@link #persist} must complete before anything refers to the key.
     */
    StagedBlob receive(String key, InputStream in, long expectedLength, long maxLength) throws IOException;

    /** The second half of {@link #write}: fsync the temporary file, rename it to its key, fsync the directory. */
    void persist(StagedBlob blob) throws IOException;

    /** A fresh random key for {@link #write}; known before the bytes so it can be recorded as pending first. */
    String newKey();

    /** Opens a blob for reading (positioned reads for ranges). */
    SeekableByteChannel open(String key) throws IOException;

    /** Removes a blob's bytes, received or persisted; only for keys no metadata refers to. */
    void delete(String key) throws IOException;

    /** Bytes free on the volume that holds the blobs. */
    long usableSpace() throws IOException;
}
