package org.kiste.files;

import java.util.List;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.ChangeJournal;
import org.kiste.store.SpaceRepository.Space;

/**
 * DELETE: a file or a whole folder goes into its space's trash in one step (one row changes whatever the size of
 * the subtree); a recipient's delete of a received share's mount point only takes it out of their tree.
 */
final class Deletion {
    private final Core core;
    private final Places places;
    private final WriteLocks locks;

    Deletion(Core core, Places places, WriteLocks locks) {
        this.core = core;
        this.places = places;
        this.locks = locks;
    }

    Node run(Principal p, FilePath path, Precondition pre) {
        if (path.isRoot()) {
            throw new ForbiddenException("the root folder cannot be deleted");
        }
        UserTree.Place at = places.place(p, path);
        if (at.isMountPoint()) {
            if (at.mount().kind() == MountInfo.Kind.SHARED) {
                // unsharing for this recipient: the mount leaves their tree, the owner's item stays
                Resolved point = places.resolve(p, path);
                pre.check(point.node());
                places.tree().leave(p, at.mount());
                return point.node();
            }
            throw new ForbiddenException("a team folder cannot be deleted by its members");
        }
        Space space = at.space();
        long now = System.currentTimeMillis();
        return core.write(space, c -> {
            Resolved folder = locks.folderOf(c, at, path);
            Node target = locks.entry(c, folder, at.inSpace().last());
            if (target == null) {
                throw new NotFoundException(path.toString());
            }
            pre.check(target);
            folder.perms().require(Perms.DELETE, "delete");
            List<DavLock> active = core.lockRules.active(c, space.id());
            core.lockRules.requireUnlocked(c, active, folder.chain(), false, p, pre.lockTokens());
            core.lockRules.requireUnlocked(
                    c, active, Resolved.append(folder.chain(), target.id()), true, p, pre.lockTokens());
            core.lockRules.releaseSubtree(c, active, target.id());
            long props = core.propBytes.ofTree(c, space.id(), target);
            if (!core.trash.detach(
                    c,
                    target.id(),
                    WriteLocks.placement(folder, target),
                    space.trashNodeId(),
                    target.size(),
                    p.userId(),
                    now)) {
                throw new ConflictException(path + " was moved meanwhile");
            }
            core.propBytes.add(c, space.id(), -props);
            ChangeJournal.record(
                    c, space.id(), target.id(), ChangeJournal.DELETE, p.userId(), folder.chain(), -target.size(), now);
            return target;
        });
    }
}
