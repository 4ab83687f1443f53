package org.kiste.files;

/**
 * An item mounted as a top-level entry of a user's tree: a team folder (a whole space), a share received from
 * another user (any folder or file of their space), or, for a public link's visitor, the linked item as the whole
 * tree. Doors read it from {@link Resolved#mount()} to print what marks an item as mounted (Nextcloud's {@code S}
 * and {@code M} permission letters, {@code nc:mount-type}, the owner).
 *
 * @param name         the mount point's name in the user's root folder
 * @param rootNodeId   the mounted node: a team folder's root, or the shared folder or file
 * @param perms        what the user may do inside the mount (the mount point itself is handled apart, see
 *                     {@link Resolved#isMountPoint()})
 * @param chain        the ids from the space's root down to and including {@code rootNodeId} (locks on the owner's
 *                     folders above a shared item cover it; changes inside are journaled up to the space root)
 * @param file         the mounted node is a file
 * @param nodeName     the mounted node's own name in its folder (a file mount is walked to from its folder)
 * @param shareId      the received share (0 for team folders); for a link, the link share
 * @param ownerLogin   the sharer (null for team folders)
 */
public record MountInfo(Kind kind, long spaceId, String name, long rootNodeId, Perms perms, long[] chain, boolean file,
                        String nodeName, long shareId, String ownerLogin, String ownerDisplayName) {

    /** A team folder: a whole space mounted at its root. */
    public MountInfo(Kind kind, long spaceId, String name, long rootNodeId, Perms perms) {
        this(kind, spaceId, name, rootNodeId, perms, new long[] {rootNodeId}, false, name, 0, null, null);
    }

    /** The same mount under another name. */
    public MountInfo named(String newName) {
        return new MountInfo(kind, spaceId, newName, rootNodeId, perms, chain, file, nodeName, shareId, ownerLogin,
                ownerDisplayName);
    }

    /** The same mount with other permissions. */
    public MountInfo withPerms(Perms p) {
        return new MountInfo(kind, spaceId, name, rootNodeId, p, chain, file, nodeName, shareId, ownerLogin,
                ownerDisplayName);
    }

    public enum Kind {
        /** a team folder ("group folder" in Nextcloud, whose {@code nc:mount-type} is {@code group}) */
        GROUP,
        /** a user or group share received from someone ({@code nc:mount-type} {@code shared}) */
        SHARED,
        /** a public link: the visitor's whole tree is the linked item */
        LINK
    }
}
