package org.kiste.store;

import org.kiste.model.Node;

/** The outcome of walking a path: ids from the start node down, and the node at its end when all names exist. */
public record Walk(long[] chain, int found, Node node, boolean endsInFolder) {
    public boolean complete(int depth) {
        return found == depth;
    }

    /** True when every name but the last exists and the deepest one found is a folder. */
    public boolean parentExists(int depth) {
        return found >= depth - 1 && (found == depth || endsInFolder);
    }
}
