package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.List;
import org.kiste.model.Node;

/**
 * The folders PUTs walked to, by where the walk started and the names it followed: the ids to hold again instead of
 * walking, never trusted. A chain is used only if the rows held for it still hang from each other under those names
 * ({@link #stillLinked}); a MOVE, rename or deletion only makes a chain fail that check. Bounded by the characters
 * of the names kept (at most 255 bytes each), so that long names cannot make it hold more than about a megabyte:
 * some 4,000 paths of short names.
 */
final class WalkedFolders {
    /** The deepest folder whose chain is kept: the entry's round trip holds one statement per folder. */
    private static final int MAX_DEPTH = 8;

    /** Where a walk of {@code names} from {@code start} found each folder, the start first. */
    record Key(long start, List<String> names) {}

    private final Cache<Key, long[]> chains = Caffeine.newBuilder()
            .maximumWeight(256 * 1024)
            .weigher((Key k, long[] v) ->
                    16 + k.names().stream().mapToInt(String::length).sum())
            .build();

    /** The key of a walk of {@code names} from {@code start}; null for one that is not kept (none or too deep). */
    static Key key(long start, List<String> names) {
        return names.isEmpty() || names.size() > MAX_DEPTH ? null : new Key(start, List.copyOf(names));
    }

    /** The chain an earlier walk found (the start first), or null. */
    long[] known(Key key) {
        return key == null ? null : chains.getIfPresent(key);
    }

    /** Keeps what a walk for {@code key} found: the end of {@code resolved}, a chain from the space root. */
    void remember(Key key, long[] resolved) {
        if (key != null) {
            chains.put(
                    key,
                    Arrays.copyOfRange(resolved, resolved.length - key.names().size() - 1, resolved.length));
        }
    }

    void forget(Key key) {
        chains.invalidate(key);
    }

    /** The last folder of {@code chain} when each held row still hangs from the one before under its name; or null. */
    static Node stillLinked(long[] chain, List<String> names, List<Node> held) {
        Node n = null;
        for (int i = 1; i < chain.length; i++) {
            n = held.get(i - 1);
            if (n == null
                    || !n.isFolder()
                    || n.parentId() != chain[i - 1]
                    || !n.name().equals(names.get(i - 1))) {
                return null;
            }
        }
        return n;
    }
}
