package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kiste.model.DavLock;
import org.kiste.model.LockedException;
import org.kiste.model.Principal;
import org.kiste.store.LockRepository;
import org.kiste.store.NodeRepository;

/**
 * Who may change what while WebDAV locks exist (RFC 4918 §6, §7). Called inside the core's write transactions.
 * A lock covers its node and, when deep, everything below; a lock on a folder also protects its membership.
 * A covering lock is passed only by its token, submitted by the principal who took it.
 */
final class LockRules {
    private final LockRepository locks;
    private final NodeRepository nodes;

    LockRules(LockRepository locks, NodeRepository nodes) {
        this.locks = locks;
        this.nodes = nodes;
    }

    /** The live locks of a space: usually none, which makes every check below one indexed query. */
    List<DavLock> active(Connection c, long spaceId) throws SQLException {
        return locks.inSpace(c, spaceId);
    }

    /** Locks that cover the last node of {@code chain} (root..node): on the node itself, or deep on an ancestor. */
    static List<DavLock> covering(List<DavLock> active, long[] chain) {
        long node = chain[chain.length - 1];
        return active.stream()
                .filter(l -> l.nodeId() == node || (l.deep() && contains(chain, l.nodeId(), chain.length - 1)))
                .toList();
    }

    /**
     * Refuses the change unless every lock covering the node — and, for {@code subtree}, every lock on a node
     * below it — was submitted by its owner.
     */
    void requireUnlocked(
            Connection c, List<DavLock> active, long[] chain, boolean subtree, Principal p, Set<String> tokens)
            throws SQLException {
        if (active.isEmpty()) {
            return;
        }
        for (DavLock l : covering(active, chain)) {
            if (!usable(l, p, tokens)) {
                throw new LockedException("locked", l.nodeId());
            }
        }
        if (subtree) {
            for (DavLock l : below(c, active, chain[chain.length - 1])) {
                if (!usable(l, p, tokens)) {
                    throw new LockedException("a member is locked", l.nodeId());
                }
            }
        }
    }

    /** Every lock covering the node must be the principal's own (its token need not be submitted). */
    void requireOwned(List<DavLock> active, long[] chain, Principal p) {
        for (DavLock l : covering(active, chain)) {
            if (l.principalId() != p.lockHolder()) {
                throw new LockedException("locked by someone else", l.nodeId());
            }
        }
    }

    /**
     * Moves the locks rooted exactly at {@code fromNode} to {@code toNode}, the resource now at the same URL (RFC 4918
     * §9.9: a lock on a MOVE or COPY destination stays and covers what replaced it).
     */
    void carryOver(Connection c, List<DavLock> active, long fromNode, long toNode, long toSpace) throws SQLException {
        for (DavLock l : active) {
            if (l.nodeId() == fromNode) {
                locks.moveTo(c, l.token(), toNode, toSpace);
            }
        }
    }

    /** Removes the locks rooted strictly below {@code nodeId}. */
    void releaseBelow(Connection c, List<DavLock> active, long nodeId) throws SQLException {
        if (active.isEmpty()) {
            return;
        }
        for (DavLock l : below(c, active, nodeId)) {
            locks.delete(c, l.token());
        }
    }

    /** Removes the locks rooted at {@code nodeId} or below it (after a DELETE or a MOVE of it). */
    void releaseSubtree(Connection c, List<DavLock> active, long nodeId) throws SQLException {
        if (active.isEmpty()) {
            return;
        }
        for (DavLock l : active) {
            if (l.nodeId() == nodeId) {
                locks.delete(c, l.token());
            }
        }
        for (DavLock l : below(c, active, nodeId)) {
            locks.delete(c, l.token());
        }
    }

    static boolean usable(DavLock l, Principal p, Set<String> tokens) {
        return l.principalId() == p.lockHolder() && tokens.contains(l.token());
    }

    /** Locks rooted strictly below {@code nodeId}: walk up from each locked node (few locks, bounded depth). */
    List<DavLock> below(Connection c, List<DavLock> active, long nodeId) throws SQLException {
        Set<Long> lockedNodes = new HashSet<>();
        for (DavLock l : active) {
            if (l.nodeId() != nodeId) {
                lockedNodes.add(l.nodeId());
            }
        }
        if (lockedNodes.isEmpty()) {
            return List.of();
        }
        Map<Long, Boolean> inside = new HashMap<>();
        for (long start : lockedNodes) {
            inside.put(start, nodes.isBelow(c, start, nodeId));
        }
        return active.stream()
                .filter(l -> inside.getOrDefault(l.nodeId(), false))
                .toList();
    }

    private static boolean contains(long[] a, long v, int upTo) {
        for (int i = 0; i < upTo; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }
}
