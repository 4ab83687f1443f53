package org.kiste.files;

import java.util.List;
import org.kiste.model.ForbiddenException;
import org.kiste.model.MountInfo;
import org.kiste.model.Principal;

/**
 * What a user has mounted in their tree (team folders, received shares), with what they may do there, and what
 * they may do with a mount point itself: a received share can be renamed, moved into a folder of the recipient's
 * own or unshared by its recipient, a team folder cannot.
 */
public interface MountSource {
    MountSource NONE = userId -> List.of();

    /**
     * The user's mounts; names are unique among those of one folder ({@link MountInfo#folderNodeId()}). Their
     * {@link MountInfo#folder() paths} are not known here: the user's tree finds them.
     */
    List<MountInfo> mountsFor(long userId);

    /**
     * Moves or renames the user's mount point: into their folder {@code folderNodeId} (0: the top of their tree)
     * under {@code newName}, in the caller's transaction. Only the user's own placement changes.
     */
    default void move(java.sql.Connection c, Principal p, MountInfo mount, long folderNodeId, String newName)
            throws java.sql.SQLException {
        throw new ForbiddenException("a team folder cannot be moved or renamed by its members");
    }

    /** Takes the mount out of the user's tree (the owner's data stays). */
    default void leave(long userId, MountInfo mount) {
        throw new ForbiddenException("a team folder cannot be deleted by its members");
    }
}
