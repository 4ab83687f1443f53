package org.kiste.files;

import org.kiste.model.LockConflictException;

import org.kiste.model.PreconditionFailedException;

import org.kiste.model.AlreadyExistsException;

import org.kiste.model.ConflictException;

import org.kiste.model.ForbiddenException;

import org.kiste.model.DavLock;

import org.kiste.model.MountInfo;

import org.kiste.model.Principal;

import org.kiste.model.Perms;

import org.kiste.model.FilePath;

import org.kiste.model.Node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.kiste.store.LockRepository;
import org.kiste.store.SpaceRepository.Space;

/**
 * WebDAV locks as the core sees them (RFC 4918 §6, §9.10, §9.11): take, refresh, release, and list the locks
 * that cover a node. Locks live in the database, so they survive restarts and every server process sees them.
 */
public final class LockService {
    /** A lock and whether taking it created the (empty) file it is on. */
    public record Taken(DavLock lock, boolean created, Node node) {
    }

    /** A lock covering a node, and how many levels above the node it is rooted (0: on the node itself). */
    public record Covering(DavLock lock, int levelsUp) {
    }

    private final FilesService files;
    private final LockRepository locks = new LockRepository();
    private final long maxTimeoutSeconds;

    public LockService(FilesService files, long maxTimeoutSeconds) {
        this.files = files;
        this.maxTimeoutSeconds = maxTimeoutSeconds;
    }

    /** The timeout granted for a request: what was asked, capped; Infinite (or nothing) gets the cap. */
    public long grant(long requestedSeconds) {
        return requestedSeconds <= 0 ? maxTimeoutSeconds : Math.min(requestedSeconds, maxTimeoutSeconds);
    }

    /**
     * Takes a lock. An unmapped path becomes an empty file first (RFC 4918 §7.3). Conflicts with an exclusive
     * lock anywhere that would overlap, or with any lock when this one is exclusive, answer 423.
     */
    public Taken lock(Principal p, FilePath path, boolean exclusive, boolean deep, String ownerXml, long timeoutSeconds,
                      Precondition pre) throws IOException {
        if (path.isRoot()) {
            throw new ForbiddenException("the root folder cannot be locked");
        }
        boolean created = false;
        if (files.find(p, path).isEmpty()) {
            // RFC 4918 §9.10.6: a LOCK that conflicts creates nothing, so the parent's deep locks are checked first
            files.find(p, path.parent()).ifPresent(parent -> {
                for (DavLock l : LockRules.covering(activeIn(p), parent.chain())) {
                    if (l.deep() && (exclusive || l.exclusive())) {
                        throw new LockConflictException("already locked", l.nodeId());
                    }
                }
            });
            try {
                created = files.put(p, path, new ByteArrayInputStream(new byte[0]), 0, null, null, pre).created();
            } catch (AlreadyExistsException e) {
                // a folder appeared meanwhile: lock it below
            }
        }
        boolean wasCreated = created;
        UserTree.Place at = files.place(p, path);
        Space space = at.space();
        return files.write(space, c -> {
            Resolved target = files.walk(c, at, path);
            target.perms().require(Perms.WRITE, "lock");
            locks.serialise(c, target.id());
            List<DavLock> active = locks.inSpace(c, space.id());
            for (DavLock l : LockRules.covering(active, target.chain())) {
                if (exclusive || l.exclusive()) {
                    throw new LockConflictException("already locked", l.nodeId());
                }
            }
            if (deep) {
                for (DavLock l : LockRules.below(c, active, target.id())) {
                    if (exclusive || l.exclusive()) {
                        throw new LockConflictException("a member is locked", l.nodeId());
                    }
                }
            }
            DavLock lock = new DavLock("opaquelocktoken:" + UUID.randomUUID(), target.id(), space.id(), exclusive, deep,
                    ownerXml, p.lockHolder(), timeoutSeconds, timeoutSeconds);
            locks.insert(c, lock);
            return new Taken(lock, wasCreated, target.node());
        });
    }

    /** Refreshes the principal's lock among {@code tokens} that covers {@code path} (RFC 4918 §9.10.2). */
    public DavLock refresh(Principal p, FilePath path, Set<String> tokens, long timeoutSeconds) {
        UserTree.Place at = files.place(p, path);
        Space space = at.space();
        return files.write(space, c -> {
            Resolved target = files.walk(c, at, path);
            for (DavLock l : LockRules.covering(locks.inSpace(c, space.id()), target.chain())) {
                if (tokens.contains(l.token()) && l.principalId() == p.lockHolder()) {
                    locks.refresh(c, l.token(), timeoutSeconds);
                    return locks.byToken(c, l.token());
                }
            }
            throw new PreconditionFailedException("no lock of yours with a submitted token covers " + path);
        });
    }

    /** Releases a lock that covers {@code path}; only its owner may (RFC 4918 §9.11). */
    public void unlock(Principal p, FilePath path, String token) {
        UserTree.Place at = files.place(p, path);
        Space space = at.space();
        files.write(space, c -> {
            Resolved target = files.walk(c, at, path);
            for (DavLock l : LockRules.covering(locks.inSpace(c, space.id()), target.chain())) {
                if (l.token().equals(token)) {
                    if (l.principalId() != p.lockHolder()) {
                        throw new ForbiddenException("the lock belongs to someone else");
                    }
                    locks.delete(c, token);
                    return null;
                }
            }
            throw new ConflictException("lock-token-matches-request-uri");
        });
    }

    /** The live locks covering a resolved node, nearest first. */
    public List<Covering> covering(Principal p, Resolved target) {
        long spaceId = target.node().spaceId();
        List<DavLock> active = files.database().read(c -> locks.inSpace(c, spaceId));
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
            spaceIds.add(files.home(p).id());
            for (MountInfo m : files.mounts(p)) {
                spaceIds.add(m.spaceId());
            }
        }
        return files.database().read(c -> {
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
        return files.database().read(c -> locks.all(c, principalId));
    }

    public boolean breakLock(String token) {
        return files.database().tx(c -> locks.delete(c, token));
    }

    /** Breaks every live lock rooted exactly at a node (not those above or below it); returns how many. */
    public int breakLocksAt(long nodeId) {
        return files.database().tx(c -> locks.deleteAt(c, nodeId));
    }

    /** The path of a lock's node inside its space, for listings ("/a/b"); null when the node is gone. */
    public String pathOf(DavLock l) {
        return pathOfNode(l.nodeId());
    }

    public String pathOfNode(long nodeId) {
        return files.database().read(c -> pathOf(c, nodeId));
    }

    private static String pathOf(Connection c, long nodeId) throws SQLException {
        List<String> names = new ArrayList<>();
        long cur = nodeId;
        for (int i = 0; i < 1000; i++) {
            try (var ps = c.prepareStatement("SELECT parent_id, name FROM node WHERE id = ?")) {
                ps.setLong(1, cur);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long parent = rs.getLong(1);
                    if (rs.wasNull()) {
                        break; // the space root
                    }
                    names.add(0, rs.getString(2));
                    cur = parent;
                }
            }
        }
        return "/" + String.join("/", names);
    }
}
