package org.kiste.files;

import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.Perms;

/**
 * A node found by path, with the ids of its ancestors from the space root down to and including itself
 * (used for lock checks and for journaling changes to every ancestor folder) and what the principal may do.
 * {@code path} is the path in the user's tree; {@code mount} tells which mounted space (team folder) the node
 * lies in, or is null in the user's home.
 */
public record Resolved(Node node, long[] chain, Perms perms, FilePath path, MountInfo mount) {
    public long id() {
        return node.id();
    }

    public boolean isFolder() {
        return node.isFolder();
    }

    /** True for the folder a mount appears as in the user's root: members cannot delete, rename or move it. */
    public boolean isMountPoint() {
        return mount != null && node.id() == mount.rootNodeId();
    }

    /** The chain of a child: this chain plus the child's id. */
    public static long[] append(long[] chain, long id) {
        long[] out = java.util.Arrays.copyOf(chain, chain.length + 1);
        out[chain.length] = id;
        return out;
    }
}
