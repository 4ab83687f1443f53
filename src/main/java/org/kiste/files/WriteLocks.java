package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.kiste.model.ConflictException;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.store.NodeLocks;
import org.kiste.store.Placement;
import org.kiste.store.Walk;

/**
 * The locking half of every write, always in this order (see {@link org.kiste.store.NodeLocks}): first the folders
 * on the way to what the write changes, from the space root down, held shared ({@link #folderOf}, once for each
 * path the write touches: source, then destination); then the entries it changes, locked exclusively
 * ({@link #entry}, {@link #entries}: in (folder, name) order). Only then does the write read and check what it
 * decides on (permissions, locks, quota, the client's conditions), and change rows by id stating where it expects
 * them ({@link #placement}). A concurrent write that took the locks first has committed when these are granted,
 * so the checks see its outcome; a deadlock between two writes is undone by the database and the write retried.
 */
final class WriteLocks {
    /** Attempts to hold a shared item's chain when its owner moves it meanwhile. */
    private static final int CHAIN_ATTEMPTS = 3;

    private final Core core;
    private final GrantCheck grants = new GrantCheck();
    private final WalkedFolders walked = new WalkedFolders();

    WriteLocks(Core core) {
        this.core = core;
    }

    /**
     * The folder that holds the last name of {@code at}'s path, with every node from the space root down to it
     * held shared until the transaction ends. 409 Conflict when it is missing, a file, or no longer in the
     * place's space (RFC 4918 §9.7.1: a write into a missing folder), 404 when a shared item is gone.
     */
    Resolved folderOf(Connection c, UserTree.Place at, FilePath path) throws SQLException {
        return folderOf(c, at, path, true);
    }

    private Resolved folderOf(Connection c, UserTree.Place at, FilePath path, boolean totals) throws SQLException {
        return walkToFolder(c, at, path, heldBase(c, at, path), totals);
    }

    /** {@link #folderOf} from the held {@code base}. */
    private Resolved walkToFolder(Connection c, UserTree.Place at, FilePath path, long[] base, boolean totals)
            throws SQLException {
        FilePath parent = at.inSpace().parent();
        long start = base[base.length - 1];
        Walk w = totals
                ? core.nodeLocks.holdPath(c, start, parent.names())
                : core.nodeLocks.holdPathToFolder(c, start, parent.names());
        if (w.node() == null || !w.complete(parent.depth()) || !w.node().isFolder()) {
            throw new ConflictException("parent folder of " + path + " does not exist");
        }
        if (w.node().spaceId() != at.space().id()) {
            // a MOVE carried the folder into another space before this write got its locks: as if it came first
            throw new ConflictException("the folder of " + path + " was moved meanwhile");
        }
        return resolved(at, path, base, w.node(), w.chain());
    }

    private static Resolved resolved(UserTree.Place at, FilePath path, long[] base, Node folder, long[] walked) {
        // a link to one file has that file at its root: its folder has no path in the visitor's tree
        FilePath folderPath = path.isRoot() ? path : path.parent();
        return new Resolved(folder, UserTree.join(base, walked), at.perms(), folderPath, at.mount());
    }

    /**
     * The folder of a write's entry, which needs only its id and chain (a PUT): its node is its row as stored, its
     * size, etag and mtime without the journal rows not yet folded in; and the entry with what it is checked against.
     */
    record FolderEntry(Resolved folder, NodeLocks.EntryWithLocks entry) {}

    /**
     * {@link #folderOf} (the folder as {@link FolderEntry} has it), then {@link #entryWithLocks}. When an earlier
     * write walked the same names from the same start ({@link WalkedFolders}), the folders it found are held by id,
     * top down, and the entry locked in one round trip, and the held rows must still hang from each other under those
     * names (they cannot change while held); when they do not, nothing locked there is of use, and the transaction is
     * rolled back and run again (SQLSTATE 40001, as for a serialization failure), walking. Without a known chain the
     * path is walked and the entry locked as usual.
     */
    FolderEntry folderAndEntry(
            Connection c, UserTree.Place at, FilePath path, String name, long spaceId, byte[] storedSha256)
            throws SQLException {
        long[] base = heldBase(c, at, path);
        List<String> names = at.inSpace().parent().names();
        WalkedFolders.Key key = WalkedFolders.key(base[base.length - 1], names);
        long[] known = walked.known(key);
        if (known != null) {
            NodeLocks.HeldFolders held;
            try {
                held = core.nodeLocks.holdFoldersLockChild(
                        c, Arrays.copyOfRange(known, 1, known.length), name, spaceId, storedSha256);
            } catch (SQLException | RuntimeException e) {
                walked.forget(key); // the run again (a deadlock, a lock wait timeout) walks
                throw e;
            }
            Node folder = WalkedFolders.stillLinked(known, names, held.folders());
            if (folder != null && folder.spaceId() == at.space().id()) {
                return new FolderEntry(resolved(at, path, base, folder, known), held.entry());
            }
            // what it holds and locked is of no use: the transaction runs again from the start, and walks
            walked.forget(key);
            throw new SQLTransientException("the folders of " + path + " changed since they were walked", "40001");
        }
        Resolved folder = walkToFolder(c, at, path, base, false);
        walked.remember(key, folder.chain());
        return new FolderEntry(folder, entryWithLocks(c, folder, name, spaceId, storedSha256));
    }

    /** The node at {@code at}'s path itself (a folder or file), held shared with everything above it; 404 if none. */
    Resolved held(Connection c, UserTree.Place at, FilePath path) throws SQLException {
        long[] base = heldBase(c, at, path);
        FilePath inSpace = at.inSpace();
        Walk w = core.nodeLocks.holdPath(c, base[base.length - 1], inSpace.names());
        if (w.node() == null || !w.complete(inSpace.depth())) {
            throw new NotFoundException(path.toString());
        }
        return UserTree.resolved(at, w.node(), UserTree.join(base, w.chain()), path);
    }

    /** The entry {@code name} of a held folder, locked exclusively; null when there is none. */
    Node entry(Connection c, Resolved folder, String name) throws SQLException {
        return core.nodeLocks.lockChild(c, folder.id(), name);
    }

    /**
     * {@link #entry}, and the live WebDAV locks of the space read once it is locked, in one round trip; with
     * {@code storedSha256}, the live blob of that content too, held shared.
     */
    NodeLocks.EntryWithLocks entryWithLocks(
            Connection c, Resolved folder, String name, long spaceId, byte[] storedSha256) throws SQLException {
        return core.nodeLocks.lockChildWithLocks(c, folder.id(), name, spaceId, storedSha256);
    }

    /** Two entries locked exclusively, in (folder, name) order whatever the order asked; either may be null. */
    Node[] entries(Connection c, Resolved folderA, String nameA, Resolved folderB, String nameB) throws SQLException {
        boolean aFirst = folderA.id() < folderB.id() || (folderA.id() == folderB.id() && nameA.compareTo(nameB) <= 0);
        Node first = entry(c, aFirst ? folderA : folderB, aFirst ? nameA : nameB);
        Node second = entry(c, aFirst ? folderB : folderA, aFirst ? nameB : nameA);
        return aFirst ? new Node[] {first, second} : new Node[] {second, first};
    }

    /** Where a locked entry of {@code folder} hangs, for the update that changes it by id. */
    static Placement placement(Resolved folder, Node entry) {
        return new Placement(folder.id(), entry.name(), entry.spaceId());
    }

    /**
     * The chain from the space root to where the place's walks start, held shared. A home or team folder starts
     * at its space root, which never moves (a team folder's is held, a home's cannot be locked); a share or link starts at an item its owner may move or trash at any
     * time, so its current chain is read and held, and read again if the owner moved it meanwhile. Before that, the
     * grant that gives access through a mount is confirmed and held ({@link GrantCheck}): a write that began before
     * a revocation does not land after it.
     */
    private long[] heldBase(Connection c, UserTree.Place at, FilePath path) throws SQLException {
        grants.confirm(c, at);
        if (!at.rootedAtItem()) {
            if (at.mount() != null) {
                // a team folder's root can be locked (a WebDAV LOCK on the mount point takes it exclusively): a
                // write inside holds it shared, so that it waits for such a LOCK and the LOCK waits for it
                core.nodeLocks.hold(c, List.of(at.base()[0]));
            }
            return at.base();
        }
        long root = at.mount().rootNodeId();
        for (int attempt = 0; attempt < CHAIN_ATTEMPTS; attempt++) {
            long[] chain = core.nodes.liveChains(c, List.of(root)).get(root);
            if (chain == null || chain[0] != at.space().rootNodeId()) {
                throw new NotFoundException(path.toString());
            }
            long[] base = at.mount().file() ? Arrays.copyOf(chain, chain.length - 1) : chain;
            List<Long> ids = new ArrayList<>(base.length);
            for (long id : base) {
                ids.add(id);
            }
            Map<Long, Long> parents = core.nodeLocks.hold(c, ids);
            if (linked(base, parents)) {
                return base;
            }
        }
        throw new ConflictException("the shared item " + path + " is being moved");
    }

    /**
     * Holds a live node and everything above it shared until the transaction ends (nobody moves it into a trash
     * meanwhile); 404 when it is not live.
     */
    void holdLive(Connection c, long nodeId) throws SQLException {
        for (int attempt = 0; attempt < CHAIN_ATTEMPTS; attempt++) {
            long[] chain = core.nodes.liveChains(c, List.of(nodeId)).get(nodeId);
            if (chain == null) {
                throw new NotFoundException("the item is gone");
            }
            List<Long> ids = new ArrayList<>(chain.length);
            for (long id : chain) {
                ids.add(id);
            }
            if (linked(chain, core.nodeLocks.hold(c, ids))) {
                return;
            }
        }
        throw new ConflictException("the item is being moved");
    }

    /** True when every node of the chain still hangs from the one before it. */
    private static boolean linked(long[] chain, Map<Long, Long> parents) {
        for (int i = 0; i < chain.length; i++) {
            Long parent = parents.get(chain[i]);
            if (parent == null || (i > 0 && parent != chain[i - 1])) {
                return false;
            }
        }
        return true;
    }
}
