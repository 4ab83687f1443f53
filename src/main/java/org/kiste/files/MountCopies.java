package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.Walk;

/**
 * The received shares a user keeps inside a folder of their home that is being copied: the copy holds what they
 * see there, so the shares' contents are copied into it as the user's own files, as Nextcloud copies through its
 * mounts.
 */
final class MountCopies {
    private final Core core;
    private final Places places;

    MountCopies(Core core, Places places) {
        this.core = core;
        this.places = places;
    }

    /** The readable mounts kept below {@code from}, a folder of the user's home. */
    List<MountInfo> inside(Principal p, UserTree.Place srcAt, FilePath from) {
        if (srcAt.mount() != null || p.isLinkVisitor()) {
            return List.of();
        }
        List<MountInfo> out = new ArrayList<>();
        for (MountInfo m : places.tree().mounts(p, srcAt.space())) {
            if (m.point().depth() > from.depth()
                    && m.point().isWithin(from)
                    && m.perms().can(Perms.READ)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Copies each still-live mount's root (and what lies below it) to its place below {@code top}, the new copy of
     * {@code from}; the folders in between, {@code top} included, grow by its size. Returns the bytes copied.
     */
    long copy(Connection c, Principal p, Space space, List<MountInfo> mounts, FilePath from, long top, long now)
            throws SQLException {
        long copied = 0;
        Map<Long, Node> roots = liveRoots(c, mounts);
        for (MountInfo m : mounts) {
            Node root = roots.get(m.rootNodeId());
            if (root != null) {
                copied += copyOne(c, p, space, root, m.point().dropFirst(from.depth()), top, now);
            }
        }
        return copied;
    }

    private Map<Long, Node> liveRoots(Connection c, List<MountInfo> mounts) throws SQLException {
        if (mounts.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = new ArrayList<>();
        for (MountInfo m : mounts) {
            ids.add(m.rootNodeId());
        }
        // held first: a root nobody can move or delete meanwhile, and so its file's blob stays referenced
        core.nodeLocks.hold(c, ids);
        Map<Long, Node> out = new HashMap<>();
        for (long id : core.nodes.liveChains(c, ids).keySet()) {
            Node n = core.nodes.byId(c, id);
            if (n != null) {
                out.put(id, n);
            }
        }
        return out;
    }

    /** 0 when the copy already has an entry of that name (a home entry the mount hid in the source). */
    private long copyOne(Connection c, Principal p, Space space, Node root, FilePath below, long top, long now)
            throws SQLException {
        Walk w = core.nodes.walk(c, top, below.parent().names());
        if (w.node() == null
                || !w.complete(below.depth() - 1)
                || !w.node().isFolder()
                || core.nodes.child(c, w.node().id(), below.last()) != null) {
            return 0;
        }
        long id;
        long size;
        if (root.isFolder()) {
            id = core.nodes.insertFolder(c, space.id(), w.node().id(), below.last(), now, p.userId());
            size = core.nodes.copyChildren(c, root.id(), id, space.id(), now, p.userId());
        } else {
            id = core.nodes.copyFileRow(
                    c, root, space.id(), w.node().id(), below.last(), now, Core.newEtag(), p.userId());
            size = root.size();
        }
        core.props.copy(c, root.id(), id);
        core.nodes.growSizes(c, w.chain(), size); // from the new folder down to the mount's new parent
        return size;
    }
}
