package org.kiste.files;

import org.kiste.model.AlreadyExistsException;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.ChangeJournal;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.StoreException;

/** MKCOL: a new empty folder (RFC 4918 §9.3). */
final class Mkdir {
    private final Core core;
    private final Places places;
    private final WriteLocks locks;

    Mkdir(Core core, Places places, WriteLocks locks) {
        this.core = core;
        this.places = places;
        this.locks = locks;
    }

    Node run(Principal p, FilePath path, Precondition pre) {
        if (path.isRoot()) {
            throw new AlreadyExistsException("/");
        }
        UserTree.Place at = places.place(p, path);
        if (at.isMountPoint()) {
            throw new AlreadyExistsException(path.toString());
        }
        Space space = at.space();
        String name = at.inSpace().last();
        long now = System.currentTimeMillis();
        try {
            return core.write(space, c -> {
                Resolved folder = locks.folderOf(c, at, path);
                Node existing = locks.entry(c, folder, name);
                pre.check(existing);
                if (existing != null) {
                    throw new AlreadyExistsException(path.toString());
                }
                folder.perms().require(Perms.CREATE, "create folders here");
                core.lockRules.requireUnlocked(
                        c, core.lockRules.active(c, space.id()), folder.chain(), false, p, pre.lockTokens());
                long id = core.nodes.insertFolder(c, space.id(), folder.id(), name, now, p.userId());
                ChangeJournal.record(c, space.id(), id, ChangeJournal.CREATE, p.userId(), folder.chain(), 0, now);
                return core.nodes.byId(c, id);
            });
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                throw new AlreadyExistsException(path.toString()); // a concurrent MKCOL or PUT took the name first
            }
            throw e;
        }
    }
}
