package org.kiste.files;

import java.util.Map;
import java.util.Set;
import org.kiste.model.Principal;

/**
 * The share types (Nextcloud's codes: 0 user, 1 group, 3 link) a user made on their items, by node id, for doors
 * that mark shared items ({@code oc:share-types}); read once per listing.
 */
@FunctionalInterface
public interface ShareMarks {
    ShareMarks NONE = p -> Map.of();

    Map<Long, ? extends Set<Integer>> typesMadeBy(Principal p);
}
