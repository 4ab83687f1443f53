package org.kiste.model;

import java.util.List;

/**
 * A team folder: a space of its own, mounted under {@code name} in the tree of every user with a grant. A
 * trashed one is in the organisation's trash: invisible to members, files kept, restorable.
 */
public record TeamFolder(
        long spaceId, String name, boolean trashed, long quotaBytes, long usedBytes, List<Grant> grants) {}
