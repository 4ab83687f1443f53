package org.kiste.blob;

/**
 * A blob that is durable on disk and not yet referenced by metadata; hashes are computed while writing, those
 * {@link Digests} left out are null.
 */
public record StagedBlob(String key, long size, byte[] sha256, byte[] sha1, byte[] md5) {}
