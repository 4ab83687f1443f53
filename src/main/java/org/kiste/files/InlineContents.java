package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.kiste.blob.BlobMissingException;
import org.kiste.blob.BlobReader;
import org.kiste.blob.BytesReader;
import org.kiste.store.BlobRepository;
import org.kiste.store.Database;

/**
 * Reads the bytes of small files kept in their blob rows ({@link org.kiste.blob.InlineBlobs}). A storage key names
 * one blob for its whole life and its bytes never change, so recently read ones are kept in memory by key, up to a
 * sixteenth of the heap (at most 32 MiB): a cached copy is always the content its key names.
 */
final class InlineContents {
    private static final long MOST_BYTES = 32L << 20;

    private final Database db;
    private final BlobRepository rows;
    private final Cache<String, byte[]> recent = Caffeine.newBuilder()
            .maximumWeight(Math.min(MOST_BYTES, Runtime.getRuntime().maxMemory() / 16))
            .weigher((String key, byte[] bytes) -> bytes.length + 64)
            .build();

    InlineContents(Database db, BlobRepository rows) {
        this.db = db;
        this.rows = rows;
    }

    /** The blob's bytes; refused with {@link BlobMissingException} when its row is gone or not live. */
    BlobReader open(long blobId, String key) throws BlobMissingException {
        byte[] bytes = recent.getIfPresent(key);
        if (bytes == null) {
            bytes = db.read(c -> rows.content(c, blobId, key));
            if (bytes == null) {
                throw new BlobMissingException(key);
            }
            recent.put(key, bytes);
        }
        return new BytesReader(bytes);
    }
}
