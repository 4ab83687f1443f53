package org.kiste.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.LockConflictException;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.PreconditionFailedException;
import org.kiste.model.Principal;
import org.kiste.store.ChangeJournal;
import org.kiste.store.LockRepository;
import org.kiste.store.SpaceRepository.Space;

/**
 * WebDAV locks as the core sees them (RFC 4918 §6, §9.10, §9.11): take, refresh, release, and list the locks
 * that cover a node. Locks live in the database, so they survive restarts and every server process sees them.
 */
public final class LockService {
    /** A lock and whether taking it created the (empty) file it is on. */
    public record Taken(DavLock lock, boolean created, Node node) {}

    /** A lock covering a node, and how many levels above the node it is rooted (0: on the node itself). */
    public record Covering(DavLock lock, int levelsUp) {}

    private final Core core;
    private final Places places;
    private final WriteLocks writeLocks;
    private final LockRepository locks;
    private final long maxTimeoutSeconds;
    private final long maxLinkTimeoutSeconds;

    LockService(Core core, Places places, WriteLocks writeLocks, long maxTimeoutSeconds, long maxLinkTimeoutSeconds) {
        this.core = core;
        this.places = places;
        this.writeLocks = writeLocks;
        this.locks = core.lockRows;
        this.maxTimeoutSeconds = maxTimeoutSeconds;
        this.maxLinkTimeoutSeconds = maxLinkTimeoutSeconds;
    }

    /**
     * The timeout granted to a principal: what was asked, capped; Infinite (or nothing) gets the cap. A link's
     * visitors, who are anyone, get a shorter cap (for taking and for refreshing), so that a lock they leave behind
     * soon ends by itself.
     */
    public long grant(Principal p, long requestedSeconds) {
        long cap = p.isLinkVisitor() ? maxLinkTimeoutSeconds : maxTimeoutSeconds;
        return requestedSeconds <= 0 ? cap : Math.min(requestedSeconds, cap);
    }

    /**
     * Takes a lock. An unmapped path becomes an empty file first, in the same transaction (RFC 4918 §7.3). Conflicts
     * with an exclusive lock anywhere that would overlap, or with any lock when this one is exclusive, answer 423.
     */
    public Taken lock(
            Principal p,
            FilePath path,
            boolean exclusive,
            boolean deep,
            String ownerXml,
            long timeoutSeconds,
            Precondition pre) {
        if (path.isRoot()) {
            throw new ForbiddenException("the root folder cannot be locked");
        }
        long timeout = grant(p, timeoutSeconds);
        UserTree.Place at = places.place(p, path);
        Space space = at.space();
        long now = System.currentTimeMillis();
        return core.writeName(space, space, c -> {
            Resolved target;
            boolean created = false;
            if (at.isMountPoint() && !at.mount().file()) {
                // the mounted folder itself: its own row is not changed, but it is what two LOCKs decide on, so the
                // second waits here for the first to commit and then sees its lock
                target = writeLocks.held(c, at, path);
                if (core.nodeLocks.lockNode(c, target.id()) == null) {
                    throw new NotFoundException(path.toString());
                }
            } else {
                Resolved folder = writeLocks.folderOf(c, at, path);
                Node node = writeLocks.entry(c, folder, at.inSpace().last());
                List<DavLock> active = locks.inSpace(c, space.id());
                if (node == null) {
                    // RFC 4918 §9.10.6: a LOCK that conflicts creates nothing, so the folder's deep locks decide first
                    for (DavLock l : LockRules.covering(active, folder.chain())) {
                        if (l.deep() && (exclusive || l.exclusive())) {
                            throw new LockConflictException("already locked", l.nodeId());
                        }
                    }
                    pre.check(null);
                    folder.perms().require(Perms.CREATE, "create files here");
                    core.lockRules.requireUnlocked(c, active, folder.chain(), false, p, pre.lockTokens());
                    String name = at.inSpace().last();
                    long id = core.nodes.insertFile(
                            c,
                            space.id(),
                            folder.id(),
                            name,
                            0,
                            now,
                            now,
                            Core.newEtag(),
                            null,
                            MimeTypes.forName(name, null),
                            p.userId());
                    ChangeJournal.record(c, space.id(), id, ChangeJournal.CREATE, p.userId(), folder.chain(), 0, now);
                    node = core.nodes.byId(c, id);
                    created = true;
                } else {
                    pre.check(node);
                }
                target = UserTree.resolved(at, node, Resolved.append(folder.chain(), node.id()), path);
            }
            target.perms().require(Perms.WRITE, "lock");
            List<DavLock> active = locks.inSpace(c, space.id());
            for (DavLock l : LockRules.covering(active, target.chain())) {
                if (exclusive || l.exclusive()) {
                    throw new LockConflictException("already locked", l.nodeId());
                }
            }
            if (deep) {
                for (DavLock l : core.lockRules.below(c, active, target.id())) {
                    if (exclusive || l.exclusive()) {
                        throw new LockConflictException("a member is locked", l.nodeId());
                    }
                }
            }
            DavLock lock = new DavLock(
                    "opaquelocktoken:" + UUID.randomUUID(),
                    target.id(),
                    space.id(),
                    exclusive,
                    deep,
                    ownerXml,
                    p.lockHolder(),
                    timeout,
                    timeout);
            locks.insert(c, lock);
            return new Taken(lock, created, target.node());
        });
    }

    /** Refreshes the principal's lock among {@code tokens} that covers {@code path} (RFC 4918 §9.10.2). */
    public DavLock refresh(Principal p, FilePath path, Set<String> tokens, long timeoutSeconds) {
        UserTree.Place at = places.place(p, path);
        Space space = at.space();
        return core.write(space, c -> {
            Resolved target = writeLocks.held(c, at, path);
            for (DavLock l : LockRules.covering(locks.inSpace(c, space.id()), target.chain())) {
                if (tokens.contains(l.token()) && l.principalId() == p.lockHolder()) {
                    locks.refresh(c, l.token(), grant(p, timeoutSeconds));
                    return locks.byToken(c, l.token());
                }
            }
            throw new PreconditionFailedException("no lock of yours with a submitted token covers " + path);
        });
    }

    /**
     * Releases a lock that covers {@code path} (RFC 4918 §9.11): its holder may, and so may whoever answers for
     * the file — the owner of the home it is in, or a manager of its team folder — who sees the token in
     * {@code lockdiscovery}, so that a lock taken through a link or by a departed member never outlives their
     * say. Anybody else gets 403.
     */
    public void unlock(Principal p, FilePath path, String token) {
        UserTree.Place at = places.place(p, path);
        Space space = at.space();
        core.write(space, c -> {
            Resolved target = writeLocks.held(c, at, path);
            for (DavLock l : LockRules.covering(locks.inSpace(c, space.id()), target.chain())) {
                if (l.token().equals(token)) {
                    if (l.principalId() != p.lockHolder() && !answersFor(p, at)) {
                        throw new ForbiddenException("the lock belongs to someone else");
                    }
                    locks.delete(c, token);
                    return null;
                }
            }
            throw new ConflictException("lock-token-matches-request-uri");
        });
    }

    /** True when {@code p} owns the home the place is in, or manages the team folder it is in. */
    private static boolean answersFor(Principal p, UserTree.Place at) {
        if (p.isLinkVisitor()) {
            return false;
        }
        MountInfo m = at.mount();
        if (m == null) {
            Long owner = at.space().ownerUserId();
            return owner != null && owner == p.userId();
        }
        // in a team folder only the manager role carries the share bit
        return m.kind() == MountInfo.Kind.GROUP && m.perms().can(Perms.SHARE);
    }

    /** The live locks covering a resolved node, nearest first. */
    public List<Covering> covering(Principal p, Resolved target) {
        long spaceId = target.node().spaceId();
        List<DavLock> active = core.db.read(c -> locks.inSpace(c, spaceId));
        return covering(active, target.chain());
    }

    /**
     * All live locks of the principal's tree: their home and every mounted team folder (for listings: one query
     * per space). Node ids are unique across spaces, so the lists can be searched together by ancestor chain.
     */
    public List<DavLock> activeIn(Principal p) {
        java.util.Set<Long> spaceIds = new java.util.LinkedHashSet<>();
        if (p.isLinkVisitor()) {
            spaceIds.add(p.link().spaceId());
        } else {
            Space home = core.home(p);
            spaceIds.add(home.id());
            for (MountInfo m : places.tree().mounts(p, home)) {
                spaceIds.add(m.spaceId());
            }
        }
        return core.db.read(c -> {
            List<DavLock> all = new ArrayList<>();
            for (long id : spaceIds) {
                all.addAll(locks.inSpace(c, id));
            }
            return all;
        });
    }

    public static List<Covering> covering(List<DavLock> active, long[] chain) {
        List<Covering> out = new ArrayList<>();
        for (DavLock l : LockRules.covering(active, chain)) {
            int at = indexOf(chain, l.nodeId());
            out.add(new Covering(l, chain.length - 1 - at));
        }
        out.sort((a, b) -> Integer.compare(a.levelsUp(), b.levelsUp()));
        return out;
    }

    private static int indexOf(long[] chain, long id) {
        for (int i = chain.length - 1; i >= 0; i--) {
            if (chain[i] == id) {
                return i;
            }
        }
        return chain.length - 1;
    }

    // ---- administration ------------------------------------------------------------------------------------

    public List<DavLock> list(Long principalId) {
        return core.db.read(c -> locks.all(c, principalId));
    }

    public boolean breakLock(String token) {
        return core.db.tx(c -> locks.delete(c, token));
    }

    /** Breaks every live lock rooted exactly at a node (not those above or below it); returns how many. */
    public int breakLocksAt(long nodeId) {
        return core.db.tx(c -> locks.deleteAt(c, nodeId));
    }

    /** The path of a lock's node inside its space, for listings ("/a/b"); null when the node is gone. */
    public String pathOf(DavLock l) {
        return pathOfNode(l.nodeId());
    }

    public String pathOfNode(long nodeId) {
        return core.db.read(c -> core.nodes.pathInSpace(c, nodeId));
    }
}
