package org.kiste.files;

import java.util.List;
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
 * COPY (RFC 4918 §9.8): new rows referencing the same blobs, never new bytes. A file copied over an existing file
 * replaces only its content (the destination keeps its identity). A folder holding received shares the user keeps
 * there is copied with the shares' contents, as the user's own files.
 */
final class Copy {
    private final Core core;
    private final Places places;
    private final WriteLocks locks;
    private final Overwrites overwrites;
    private final MountCopies mountCopies;

    Copy(Core core, Places places, WriteLocks locks, Overwrites overwrites, MountCopies mountCopies) {
        this.core = core;
        this.places = places;
        this.locks = locks;
        this.overwrites = overwrites;
        this.mountCopies = mountCopies;
    }

    /**
     * {@code deep=false} copies a folder without its members; {@code mtimeMs} is the modification time the client
     * carries for a copied file, or null.
     */
    WriteResult run(
            Principal p,
            FilePath from,
            FilePath to,
            boolean overwrite,
            boolean deep,
            Long mtimeMs,
            Precondition srcPre,
            Precondition dstPre) {
        Overwrites.checkTransfer(from, to);
        UserTree.Place srcAt = places.place(p, from);
        UserTree.Place dstAt = places.place(p, to);
        if (dstAt.isMountPoint()) {
            throw new ForbiddenException("a team folder cannot be replaced by its members");
        }
        Space space = dstAt.space();
        String dstName = dstAt.inSpace().last();
        long now = System.currentTimeMillis();
        List<MountInfo> inside = deep ? mountCopies.inside(p, srcAt, from) : List.of();
        return core.writeName(space, space, c -> {
            // the source is held shared (nobody moves or deletes it meanwhile), the destination locked
            Resolved src = locks.held(c, srcAt, from);
            srcPre.check(src.node());
            src.perms().require(Perms.READ, "read the source");
            Resolved dstFolder = locks.folderOf(c, dstAt, to);
            dstFolder.perms().require(Perms.CREATE, "copy into the destination");
            if (src.isFolder() && deep) {
                for (long id : dstFolder.chain()) {
                    if (id == src.id()) {
                        throw new ForbiddenException("cannot copy a folder into itself");
                    }
                }
            }
            Node existing = locks.entry(c, dstFolder, dstName);
            dstPre.check(existing);
            List<DavLock> active = core.lockRules.active(c, space.id());
            core.lockRules.requireUnlocked(c, active, dstFolder.chain(), false, p, srcPre.lockTokens());
            if (existing != null) {
                if (!overwrite) {
                    throw new PreconditionFailedException("destination exists and Overwrite is F");
                }
                core.lockRules.requireUnlocked(
                        c, active, Resolved.append(dstFolder.chain(), existing.id()), true, p, srcPre.lockTokens());
                if (!src.isFolder() && !existing.isFolder()) {
                    Node kept = overwrites.replaceContent(c, p, space, dstFolder, existing, src.node(), 0, now);
                    return new WriteResult(core.withClientMtime(c, kept, mtimeMs), false);
                }
                overwrites.replaceWhole(c, p, space, dstFolder, existing, active, now);
            }
            long id;
            long size;
            if (src.isFolder()) {
                id = core.nodes.insertFolder(c, space.id(), dstFolder.id(), dstName, now, p.userId());
                size = 0;
                if (deep) {
                    size = core.nodes.copyChildren(c, src.id(), id, space.id(), now, p.userId());
                    size += mountCopies.copy(c, p, space, inside, from, id, now);
                }
            } else {
                id = core.nodes.copyFileRow(
                        c, src.node(), space.id(), dstFolder.id(), dstName, now, Core.newEtag(), p.userId());
                size = src.node().size();
            }
            core.props.copy(c, src.id(), id);
            // the bytes actually copied decide (the source may have changed between the statements of a deep
            // copy), with the bytes of the properties copied along
            Node made = core.nodes.byId(c, id);
            long props = made == null ? 0 : core.propBytes.measured(c, made);
            core.quota.require(c, space, size + props);
            core.propBytes.add(c, space.id(), props);
            if (existing != null) {
                overwrites.carryLocks(c, active, existing, id, space);
            }
            ChangeJournal.record(c, space.id(), id, ChangeJournal.CREATE, p.userId(), dstFolder.chain(), size, now);
            Node copied = core.nodes.byId(c, id);
            if (copied == null) {
                throw new NotFoundException(to.toString());
            }
            return new WriteResult(core.withClientMtime(c, copied, mtimeMs), existing == null);
        });
    }
}
