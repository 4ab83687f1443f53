package org.kiste.model;

/**
 * An item mounted in a user's tree: a team folder (a whole space, at the top of the tree), a share received from
 * another user (any folder or file of their space, at the top or in a folder of the recipient's own), or, for a
 * public link's visitor, the linked item as the whole tree. Doors read it from {@link Resolved#mount()} to print
 * what marks an item as mounted (Nextcloud's {@code S} and {@code M} permission letters, {@code nc:mount-type}, the
 * owner).
 *
 * @param name         the mount point's name in its folder
 * @param rootNodeId   the mounted node: a team folder's root, or the shared folder or file
 * @param perms        what the user may do inside the mount (the mount point itself is handled apart, see
 *                     {@link Resolved#isMountPoint()})
 * @param chain        the ids from the space's root down to and including {@code rootNodeId} (locks on the owner's
 *                     folders above a shared item cover it; changes inside are journaled up to the space root)
 * @param file         the mounted node is a file
 * @param nodeName     the mounted node's own name in its folder (a file mount is walked to from its folder)
 * @param shareId      the received share (0 for team folders); for a link, the link share
 * @param ownerLogin   the sharer (null for team folders)
 * @param folderNodeId the recipient's own folder that holds the mount point, 0 for the root of their tree
 * @param folder       that folder's path in the user's tree ({@link FilePath#ROOT} for the root)
 */
public record MountInfo(
        Kind kind,
        long spaceId,
        String name,
        long rootNodeId,
        Perms perms,
        long[] chain,
        boolean file,
        String nodeName,
        long shareId,
        String ownerLogin,
        String ownerDisplayName,
        long folderNodeId,
        FilePath folder) {

    /** A team folder: a whole space mounted at its root, at the top of the tree. */
    public MountInfo(Kind kind, long spaceId, String name, long rootNodeId, Perms perms) {
        this(
                kind,
                spaceId,
                name,
                rootNodeId,
                perms,
                new long[] {rootNodeId},
                false,
                name,
                0,
                null,
                null,
                0,
                FilePath.ROOT);
    }

    /** A mount at the top of the tree. */
    public MountInfo(
            Kind kind,
            long spaceId,
            String name,
            long rootNodeId,
            Perms perms,
            long[] chain,
            boolean file,
            String nodeName,
            long shareId,
            String ownerLogin,
            String ownerDisplayName) {
        this(
                kind,
                spaceId,
                name,
                rootNodeId,
                perms,
                chain,
                file,
                nodeName,
                shareId,
                ownerLogin,
                ownerDisplayName,
                0,
                FilePath.ROOT);
    }

    /** The mount point's path in the user's tree. */
    public FilePath point() {
        return folder.child(name);
    }

    /** True when the mount point lies in a folder of the user's rather than at the top of the tree. */
    public boolean nested() {
        return folderNodeId != 0;
    }

    /** The same mount under another name. */
    public MountInfo named(String newName) {
        return new MountInfo(
                kind,
                spaceId,
                newName,
                rootNodeId,
                perms,
                chain,
                file,
                nodeName,
                shareId,
                ownerLogin,
                ownerDisplayName,
                folderNodeId,
                folder);
    }

    /** The same mount kept in another folder of the user's (0: the top of the tree). */
    public MountInfo inFolder(long folderNodeId, String newName) {
        return new MountInfo(
                kind,
                spaceId,
                newName,
                rootNodeId,
                perms,
                chain,
                file,
                nodeName,
                shareId,
                ownerLogin,
                ownerDisplayName,
                folderNodeId,
                folder);
    }

    /** The same mount, its folder found at {@code path} of the user's tree. */
    public MountInfo at(FilePath path, String newName) {
        return new MountInfo(
                kind,
                spaceId,
                newName,
                rootNodeId,
                perms,
                chain,
                file,
                nodeName,
                shareId,
                ownerLogin,
                ownerDisplayName,
                folderNodeId,
                path);
    }

    /** The same mount with other permissions. */
    public MountInfo withPerms(Perms p) {
        return new MountInfo(
                kind,
                spaceId,
                name,
                rootNodeId,
                p,
                chain,
                file,
                nodeName,
                shareId,
                ownerLogin,
                ownerDisplayName,
                folderNodeId,
                folder);
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
