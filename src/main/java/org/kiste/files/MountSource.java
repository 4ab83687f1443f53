package org.kiste.files;

import java.util.List;

/**
 * What a user has mounted in their tree (team folders, received shares), with what they may do there, and what
 * they may do with a mount point itself: a received share can be renamed or unshared by its recipient, a team
 * folder cannot.
 */
public interface MountSource {
    MountSource NONE = userId -> List.of();

    /** The user's mounts; names are unique among them. */
    List<MountInfo> mountsFor(long userId);

    /** Renames the user's mount point (only their own placement changes). */
    default void rename(long userId, MountInfo mount, String newName) {
        throw new ForbiddenException("a team folder cannot be moved or renamed by its members");
    }

    /** Takes the mount out of the user's tree (the owner's data stays). */
    default void leave(long userId, MountInfo mount) {
        throw new ForbiddenException("a team folder cannot be deleted by its members");
    }
}
