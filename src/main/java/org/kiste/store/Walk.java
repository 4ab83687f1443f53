package org.kiste.store;

import org.kiste.model.Node;

/**
 * The outcome of walking a path: ids from the start node down, and the node at its end when all names exist.
 *
 * @param spaceMayHaveLocks false only when the walk's own statement saw no live WebDAV lock in the space, so a
 *                          writer can skip reading the locks (the common case: one round trip less per write)
 */
public record Walk(long[] chain, int found, Node node, boolean endsInFolder, boolean spaceMayHaveLocks) {
    public boolean complete(int depth) {
        return found == depth;
    }

    /** True when every name but the last exists and the deepest one found is a folder. */
    public boolean parentExists(int depth) {
        return found >= depth - 1 && (found == depth || endsInFolder);
    }
}
