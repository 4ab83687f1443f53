package org.kiste.files;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Node;
import org.kiste.model.PreconditionFailedException;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;

/**
 * A recipient renames a received share's mount point or moves it into a folder of their own home: only their own
 * placement changes, the owner's item stays where it is. As in Nextcloud, a share is not kept inside a team folder,
 * another share or a folder the recipient shares themselves (403), and it replaces nothing.
 */
final class MountPointMove {
    private final Core core;
    private final Places places;
    private final WriteLocks locks;

    MountPointMove(Core core, Places places, WriteLocks locks) {
        this.core = core;
        this.places = places;
        this.locks = locks;
    }

    WriteResult run(
            Principal p,
            UserTree.Place srcAt,
            FilePath from,
            FilePath to,
            boolean overwrite,
            Precondition srcPre,
            Precondition dstPre) {
        Resolved point = places.resolve(p, from);
        srcPre.check(point.node());
        UserTree.Place dstAt = places.place(p, to);
        if (dstAt.mount() != null && !dstAt.isMountPoint()) {
            throw new ForbiddenException(
                    "a received share can only be kept among your own files, not in " + to.parent());
        }
        Optional<Resolved> existing = places.find(p, to);
        dstPre.check(existing.map(Resolved::node).orElse(null));
        if (existing.isPresent()) {
            if (!overwrite) {
                throw new PreconditionFailedException("destination exists and Overwrite is F");
            }
            throw new ForbiddenException("a received share cannot replace " + to);
        }
        Space home = core.home(p);
        UserTree.Place dstFolderAt = places.place(p, to.parent());
        UserTree.Place srcFolderAt = places.place(p, from.parent());
        if (dstFolderAt.mount() != null) {
            throw new ForbiddenException(
                    "a received share can only be kept among your own files, not in " + to.parent());
        }
        Map<Long, ? extends Set<Integer>> shared = core.shareMarks.typesMadeBy(p);
        // two mounts moved onto one name: the unique key refuses the second, which runs again and finds it taken
        long folderId = core.writeName(home, home, c -> {
            Resolved dstFolder = ownFolder(c, dstFolderAt, to.parent(), to);
            Resolved srcFolder = ownFolder(c, srcFolderAt, from.parent(), from);
            for (long id : dstFolder.chain()) {
                if (shared.containsKey(id)) {
                    throw new ForbiddenException("a received share cannot be moved into a folder you share");
                }
            }
            if (locks.entry(c, dstFolder, to.last()) != null) {
                // a file or folder of that name appeared meanwhile: as if it had been there first
                if (!overwrite) {
                    throw new PreconditionFailedException("destination exists and Overwrite is F");
                }
                throw new ForbiddenException("a received share cannot replace " + to);
            }
            List<DavLock> active = core.lockRules.active(c, home.id());
            core.lockRules.requireUnlocked(c, active, srcFolder.chain(), false, p, srcPre.lockTokens());
            core.lockRules.requireUnlocked(c, active, dstFolder.chain(), false, p, srcPre.lockTokens());
            long folder = dstFolder.path().isRoot() ? 0 : dstFolder.id();
            places.tree().move(c, p, srcAt.mount(), folder, to.last());
            return folder;
        });
        places.tree().forget(p);
        Node n = point.node();
        Node renamed = n.withName(to.last());
        return new WriteResult(renamed, true);
    }

    /**
     * A folder of the principal's home that holds (or is to hold) {@code item}, held shared with everything above
     * it; 409 when it is missing or a file.
     */
    private Resolved ownFolder(java.sql.Connection c, UserTree.Place at, FilePath folder, FilePath item)
            throws java.sql.SQLException {
        if (at.mount() != null) {
            throw new ForbiddenException("a received share can only be kept among your own files, not in " + folder);
        }
        try {
            Resolved r = locks.held(c, at, folder);
            if (!r.isFolder()) {
                throw new ConflictException("parent folder of " + item + " does not exist");
            }
            return r;
        } catch (org.kiste.model.NotFoundException e) {
            throw new ConflictException("parent folder of " + item + " does not exist");
        }
    }
}
