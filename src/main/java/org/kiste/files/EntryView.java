package org.kiste.files;

import java.util.Set;
import org.kiste.model.Node;

/**
 * An entry as every door shows it, decided once here: what the principal may do with it, how it is mounted in their
 * tree, whose it is, which shares they made on it, what they could grant when sharing it, and whether a lock
 * covers it. WebDAV renders it as Nextcloud's {@code oc:permissions} letters and mount properties, the link pages
 * as their upload form, the web UI as its buttons; none of them derives it again.
 *
 * @param shareTypes the share types (0 user, 1 group, 3 link) the principal made on this entry
 * @param shareBits  Nextcloud's share bits the principal could grant on it (0: they may not share it)
 */
public record EntryView(
        Node node,
        Set<Action> may,
        Mount mount,
        boolean mountPoint,
        String ownerLogin,
        String ownerDisplayName,
        Set<Integer> shareTypes,
        int shareBits,
        LockState lock) {

    /** What the principal may do with the entry. */
    public enum Action {
        READ,
        /** change a file's content */
        WRITE,
        /** add members to a folder */
        CREATE,
        /** delete it (for a received share's mount point: leave the share) */
        DELETE,
        /** rename or move it */
        RENAME,
        SHARE
    }

    /** How the entry is mounted in the principal's tree. */
    public enum Mount {
        /** the principal's own files */
        OWN,
        /** inside a team folder */
        TEAM_FOLDER,
        /** inside a share received from someone */
        RECEIVED_SHARE,
        /** the principal is a public link's visitor */
        LINK
    }

    /** Whether a WebDAV lock covers the entry, and whose. */
    public enum LockState {
        NONE,
        MINE,
        OTHERS
    }

    public boolean can(Action a) {
        return may.contains(a);
    }
}
