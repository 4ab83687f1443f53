package org.kiste.files;

/**
 * A node found by path, with the ids of its ancestors from the space root down to and including itself
 * (used for lock checks and for journaling changes to every ancestor folder) and what the principal may do.
 */
public record Resolved(Node node, long[] chain, Perms perms, FilePath path) {
    public long id() {
        return node.id();
    }

    public boolean isFolder() {
        return node.isFolder();
    }

    /** The chain of a child: this chain plus the child's id. */
    public static long[] append(long[] chain, long id) {
        long[] out = java.util.Arrays.copyOf(chain, chain.length + 1);
        out[chain.length] = id;
        return out;
    }
}
