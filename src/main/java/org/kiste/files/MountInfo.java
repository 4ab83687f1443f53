package org.kiste.files;

/**
 * A space mounted as a top-level folder of a user's tree (a team folder now; shares later). Doors read it from
 * {@link Resolved#mount()} to print what marks an item as mounted (Nextcloud's {@code M} permission letter,
 * {@code nc:mount-type}).
 *
 * @param name   the mount point's name in the user's root folder
 * @param perms  what the user may do inside the mount (the mount point itself can never be deleted, renamed or
 *               moved by a member, see {@link Resolved#isMountPoint()})
 */
public record MountInfo(Kind kind, long spaceId, String name, long rootNodeId, Perms perms) {
    public enum Kind {
        /** a team folder ("group folder" in Nextcloud, whose {@code nc:mount-type} is {@code group}) */
        GROUP
    }
}
