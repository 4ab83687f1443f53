package org.kiste.blob;

/**
 * A blob that is received and not yet referenced by metadata; hashes are computed while receiving, those
 * {@link Digests} left out are null. {@code content} holds the bytes of a blob kept in its row ({@link InlineBlobs}),
 * null for one stored as a file.
 */
public record StagedBlob(String key, long size, byte[] sha256, byte[] sha1, byte[] md5, byte[] content) {
    public StagedBlob(String key, long size, byte[] sha256, byte[] sha1, byte[] md5) {
        this(key, size, sha256, sha1, md5, null);
    }

    /** Whether the bytes travel with the metadata's transaction instead of a file. */
    public boolean inline() {
        return content != null;
    }
}
