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
import org.kiste.model.PreconditionFailedException;
import org.kiste.model.Principal;
import org.kiste.store.ChangeJournal;
import org.kiste.store.SpaceRepository.Space;

/**
 * MOVE within the principal's tree (RFC 4918 §9.9). Inside one space one row changes, whatever the size of the
 * subtree; between spaces (home and a team folder, or two team folders) the subtree's rows also change space, so
 * the cost grows with the subtree, while ids, etags and dead properties stay. A file moved over an existing file
 * replaces only its content: the destination keeps its identity (id, shares, favourites, locks).
 */
final class Move {
    /** Deepest subtree a MOVE between spaces walks (paths are far shallower in practice). */
    private static final int MAX_TREE_DEPTH = 1000;

    private final Core core;
    private final Places places;
    private final WriteLocks locks;
    private final Overwrites overwrites;
    private final MountPointMove mountPoints;

    Move(Core core, Places places, WriteLocks locks, Overwrites overwrites, MountPointMove mountPoints) {
        this.core = core;
        this.places = places;
        this.locks = locks;
        this.overwrites = overwrites;
        this.mountPoints = mountPoints;
    }

    /** @param mtimeMs the modification time the client carries for a moved file, or null */
    WriteResult run(
            Principal p,
            FilePath from,
            FilePath to,
            boolean overwrite,
            Long mtimeMs,
            Precondition srcPre,
            Precondition dstPre) {
        Overwrites.checkTransfer(from, to);
        UserTree.Place srcAt = places.place(p, from);
        UserTree.Place dstAt = places.place(p, to);
        if (srcAt.isMountPoint() && srcAt.mount().kind() == MountInfo.Kind.SHARED) {
            return mountPoints.run(p, srcAt, from, to, overwrite, srcPre, dstPre);
        }
        if (srcAt.isMountPoint()) {
            throw new ForbiddenException("a team folder cannot be moved or renamed by its members");
        }
        if (dstAt.isMountPoint()) {
            throw new ForbiddenException("a team folder cannot be replaced by its members");
        }
        Space space = srcAt.space();
        Space dstSpace = dstAt.space();
        boolean across = space.id() != dstSpace.id();
        String srcName = srcAt.inSpace().last();
        String dstName = dstAt.inSpace().last();
        long now = System.currentTimeMillis();
        return core.writeName(space, dstSpace, c -> {
            Resolved srcFolder = locks.folderOf(c, srcAt, from);
            Resolved dstFolder = locks.folderOf(c, dstAt, to);
            Node[] entries = locks.entries(c, srcFolder, srcName, dstFolder, dstName);
            Node src = entries[0];
            Node existing = entries[1];
            if (src == null) {
                throw new NotFoundException(from.toString());
            }
            srcPre.check(src);
            if (across) {
                // leaving the space takes the item out of its folder, as deleting it would (Nextcloud moves between
                // storages as a copy and a delete: the delete right, not the rename right, decides)
                srcFolder.perms().require(Perms.DELETE, "move out of this folder");
            } else {
                srcFolder.perms().require(Perms.RENAME, "move");
            }
            if (across || dstFolder.id() != srcFolder.id()) {
                // a rename in place adds nothing to the folder: the rename right alone allows it
                dstFolder.perms().require(Perms.CREATE, "move into the destination");
            }
            for (long id : dstFolder.chain()) {
                if (id == src.id()) {
                    throw new ForbiddenException("cannot move a folder into itself");
                }
            }
            dstPre.check(existing);
            List<DavLock> active = core.lockRules.active(c, space.id());
            List<DavLock> dstActive = across ? core.lockRules.active(c, dstSpace.id()) : active;
            core.lockRules.requireUnlocked(c, active, srcFolder.chain(), false, p, srcPre.lockTokens());
            core.lockRules.requireUnlocked(
                    c, active, Resolved.append(srcFolder.chain(), src.id()), true, p, srcPre.lockTokens());
            core.lockRules.requireUnlocked(c, dstActive, dstFolder.chain(), false, p, srcPre.lockTokens());
            if (existing != null) {
                if (!overwrite) {
                    throw new PreconditionFailedException("destination exists and Overwrite is F");
                }
                core.lockRules.requireUnlocked(
                        c, dstActive, Resolved.append(dstFolder.chain(), existing.id()), true, p, srcPre.lockTokens());
                if (!src.isFolder() && !existing.isFolder()) {
                    // the destination keeps its identity; the source's content goes into it and the source goes away
                    Node kept = overwrites.replaceContent(
                            c, p, dstSpace, dstFolder, existing, src, across ? 0 : src.size(), now);
                    overwrites.consume(c, space, srcFolder, src, active, p, now);
                    return new WriteResult(core.withClientMtime(c, kept, mtimeMs), false);
                }
            }
            long size = src.size();
            // the replaced destination leaves first (its bytes and properties no longer count), then the quota
            // decides on what arrives from another space: the files' bytes and their properties'
            long props = across ? core.propBytes.ofTree(c, space.id(), src) : 0;
            // RFC 4918 §9.9.4: a lock does not move with its resource
            core.lockRules.releaseSubtree(c, active, src.id());
            if (existing != null) {
                overwrites.replaceWhole(c, p, dstSpace, dstFolder, existing, dstActive, now);
            }
            core.quota.require(c, dstSpace, across ? size + props : 0);
            core.propBytes.add(c, space.id(), -props);
            core.propBytes.add(c, dstSpace.id(), props);
            if (!core.nodes.relink(c, src.id(), WriteLocks.placement(srcFolder, src), dstFolder.id(), dstName, now)) {
                throw new ConflictException(from + " was moved meanwhile");
            }
            if (across) {
                core.nodes.changeSpace(c, src.id(), dstSpace.id(), MAX_TREE_DEPTH);
            }
            if (existing != null) {
                overwrites.carryLocks(c, dstActive, existing, src.id(), dstSpace);
            }
            ChangeJournal.record(
                    c, space.id(), src.id(), ChangeJournal.MOVE, p.userId(), srcFolder.chain(), -size, now);
            ChangeJournal.record(
                    c, dstSpace.id(), src.id(), ChangeJournal.MOVE, p.userId(), dstFolder.chain(), size, now);
            return new WriteResult(core.withClientMtime(c, core.nodes.byId(c, src.id()), mtimeMs), existing == null);
        });
    }
}
