package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.kiste.model.FilePath;
import org.kiste.model.Node;

/**
 * Resolved <em>files</em> by path, so a GET need not ask the database. Never the source of truth: every write in
 * a space bumps that space's generation after its commit, and an entry is used only while the generation it was
 * read under is current (an entry read before a concurrent write's commit can therefore never be stored as
 * current). Folders are never cached (their etags and sizes must be fresh). Writes made by another process are
 * not seen here: entries also expire after {@link #TTL}, the staleness bound for several processes on one database.
 */
final class FileNodeCache {
    static final Duration TTL = Duration.ofSeconds(2);

    private record Key(long spaceId, FilePath path) {}

    record Entry(long generation, Node node, long[] chain) {}

    private final Cache<Key, Entry> entries =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(TTL).build();
    private final ConcurrentHashMap<Long, AtomicLong> generations = new ConcurrentHashMap<>();

    long generation(long spaceId) {
        return generations.computeIfAbsent(spaceId, k -> new AtomicLong()).get();
    }

    /** The cached file at {@code path}, if it was read under the current generation. */
    Entry get(long spaceId, FilePath path, long generation) {
        Entry e = entries.getIfPresent(new Key(spaceId, path));
        return e != null && e.generation() == generation ? e : null;
    }

    /** Stores a file read under {@code generation}, unless a write has committed since. */
    void put(long spaceId, FilePath path, long generation, Node node, long[] chain) {
        if (node.isFolder() || generation(spaceId) != generation) {
            return;
        }
        entries.put(new Key(spaceId, path), new Entry(generation, node, chain));
    }

    /** Called after every write to the space has committed (or may have). */
    void invalidate(long spaceId) {
        generations.computeIfAbsent(spaceId, k -> new AtomicLong()).incrementAndGet();
    }
}
