package org.kiste.files;

import java.util.List;

/** Which spaces a user has mounted in their tree (team folders), with their role there. */
@FunctionalInterface
public interface MountSource {
    MountSource NONE = userId -> List.of();

    /** The user's mounts; names are unique among them. */
    List<MountInfo> mountsFor(long userId);
}
