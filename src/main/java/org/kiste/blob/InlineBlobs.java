package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Small content kept in its blob's database row instead of a file. It is received into memory, hashed, and written
 * by the transaction that names it: no file, no fsync and no rename of its own, as the redo log's group commit makes
 * it durable together with the metadata. The key of such a blob starts with {@code i}; a file's key is hex.
 */
public final class InlineBlobs {
    /** The largest {@code blob.inline-max} accepted: rows stay far below the database's packet limit. */
    public static final int LIMIT = 64 * 1024;

    private static final MessageDigest SHA256 = digest("SHA-256");
    private static final MessageDigest SHA1 = digest("SHA-1");
    private static final MessageDigest MD5 = digest("MD5");

    private InlineBlobs() {}

    /** Whether a storage key names content kept in its row. */
    public static boolean isInline(String key) {
        return key != null && !key.isEmpty() && key.charAt(0) == 'i';
    }

    /** The inline form of a fresh store key: as random, and never a file's name. */
    static String keyFor(String key) {
        return "i" + key.substring(1);
    }

    /**
     * Reads a body of {@code expectedLength} bytes into memory and hashes it, with the same refusals as a body
     * written to a file: longer or shorter than announced, or more than {@code maxLength} (when not -1).
     */
    static StagedBlob receive(String key, InputStream in, int expectedLength, long maxLength, Digests digests)
            throws IOException {
        byte[] bytes = in.readNBytes(expectedLength + 1);
        if (bytes.length > expectedLength) {
            throw new LengthMismatchException("body is longer than the announced " + expectedLength + " bytes");
        }
        if (maxLength >= 0 && bytes.length > maxLength) {
            throw new TooLargeException("body exceeds the " + maxLength + " bytes available");
        }
        if (bytes.length < expectedLength) {
            throw new LengthMismatchException("body ended after " + bytes.length + " of " + expectedLength + " bytes");
        }
        return new StagedBlob(
                key,
                bytes.length,
                hash(SHA256, bytes),
                hash(SHA1, bytes),
                digests.md5() ? hash(MD5, bytes) : null,
                bytes);
    }

    private static byte[] hash(MessageDigest prototype, byte[] bytes) {
        try {
            MessageDigest md = (MessageDigest) prototype.clone();
            return md.digest(bytes);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
