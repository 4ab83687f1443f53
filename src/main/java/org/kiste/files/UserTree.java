package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository.Space;

/**
 * A user's tree: their home space, with the team folders they may see mounted as top-level folders. A path's
 * first name picks a mount when one has that name (a mount hides a home entry of the same name, as Nextcloud's
 * group folders do); everything else lies in the home.
 */
final class UserTree {
    /** Mounts change with grants and memberships, made by the admin CLI in another process: a second's staleness. */
    private final Cache<Long, List<MountInfo>> mounts = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1)).build();
    private volatile MountSource source = MountSource.NONE;
    private final Database db;
    private final NodeRepository nodes;

    UserTree(Database db, NodeRepository nodes) {
        this.db = db;
        this.nodes = nodes;
    }

    /** Where a path of the user's tree lies: the space, the path inside it, what the user may do there. */
    record Place(Space space, FilePath inSpace, Perms perms, MountInfo mount) {
        boolean isMountPoint() {
            return mount != null && inSpace.isRoot();
        }

        /** The root of the user's own tree, which lists the mounts next to the home's entries. */
        boolean isTreeRoot() {
            return mount == null && inSpace.isRoot();
        }
    }

    void useSource(MountSource source) {
        this.source = source;
        mounts.invalidateAll();
    }

    List<MountInfo> mounts(Principal p) {
        return mounts.get(p.userId(), source::mountsFor);
    }

    MountInfo mountNamed(Principal p, String name) {
        for (MountInfo m : mounts(p)) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    MountInfo mountOfSpace(Principal p, long spaceId) {
        for (MountInfo m : mounts(p)) {
            if (m.spaceId() == spaceId) {
                return m;
            }
        }
        return null;
    }

    /**
     * @param spaces loads a space by id (cached by the caller)
     * @param home   the principal's home space
     */
    Place place(Principal p, FilePath path, Space home, LongFunction<Space> spaces) {
        if (!path.isRoot()) {
            MountInfo m = mountNamed(p, path.names().get(0));
            if (m != null) {
                Space s = spaces.apply(m.spaceId());
                if (s != null) {
                    return new Place(s, path.dropFirst(1), m.perms(), m);
                }
            }
        }
        return new Place(home, path, Perms.ALL, null);
    }

    /**
     * The user's root: the home root, whose etag, size and modification time also cover every mounted team folder,
     * so a change in any of them is seen by every member's sync client at the top of their tree.
     */
    Resolved root(Principal p, Space home) {
        List<MountInfo> mounted = mounts(p);
        Node root = db.read(c -> nodes.byId(c, home.rootNodeId()));
        if (root == null) {
            throw new NotFoundException("no home");
        }
        if (!mounted.isEmpty()) {
            List<Node> mountRoots = mountRoots(mounted);
            long size = root.size();
            long mtime = root.mtime();
            for (Node m : mountRoots) {
                size += m.size();
                mtime = Math.max(mtime, m.mtime());
            }
            root = new Node(root.id(), root.spaceId(), root.parentId(), root.name(), root.kind(), size, mtime,
                    root.ctime(), root.createdAt(), rootEtag(root.etag(), mountRoots), root.mime(), root.blob());
        }
        return new Resolved(root, new long[] {root.id()}, Perms.ALL, FilePath.ROOT, null);
    }

    /** The root folders of mounted spaces, named as their mount points, in the order given. */
    List<Node> mountRoots(List<MountInfo> mounted) {
        return db.read(c -> {
            List<Node> out = new ArrayList<>(mounted.size());
            for (MountInfo m : mounted) {
                Node n = nodes.byId(c, m.rootNodeId());
                if (n != null) {
                    out.add(named(n, m.name()));
                }
            }
            return out;
        });
    }

    /**
     * A listed child of {@code folder}: in the user's root a mounted team folder carries its mount and the
     * member's role; anywhere else the child inherits its folder's space, mount and permissions.
     */
    Resolved child(Principal p, Resolved folder, Node n) {
        FilePath path = folder.path().child(n.name());
        if (folder.mount() == null && n.spaceId() != folder.node().spaceId()) {
            MountInfo m = mountOfSpace(p, n.spaceId());
            if (m != null) {
                return new Resolved(n, new long[] {n.id()}, m.perms(), path, m);
            }
        }
        return new Resolved(n, Resolved.append(folder.chain(), n.id()), folder.perms(), path, folder.mount());
    }

    /** A node found at {@code at}; a mount point shows its mount's name, not its space root's. */
    static Resolved resolved(Place at, Node node, long[] chain, FilePath path) {
        Node n = at.isMountPoint() ? named(node, at.mount().name()) : node;
        return new Resolved(n, chain, at.perms(), path, at.mount());
    }

    /** The mount names: in the user's root they hide home entries of the same name. */
    static Set<String> names(List<MountInfo> mounted) {
        Set<String> out = new HashSet<>();
        for (MountInfo m : mounted) {
            out.add(m.name());
        }
        return out;
    }

    private static Node named(Node n, String name) {
        return new Node(n.id(), n.spaceId(), n.parentId(), name, n.kind(), n.size(), n.mtime(), n.ctime(), n.createdAt(),
                n.etag(), n.mime(), n.blob());
    }

    /**
     * The etag of the user's root folder: the home root's own etag when nothing is mounted, otherwise a digest of
     * it with every mount's name and root etag, so that any change inside a team folder (and any mount that comes
     * or goes) changes every member's root etag without writing to their rows (Nextcloud computes it the same way).
     */
    static String rootEtag(String homeEtag, List<Node> mountRoots) {
        if (mountRoots.isEmpty()) {
            return homeEtag;
        }
        StringBuilder s = new StringBuilder(homeEtag);
        for (Node m : mountRoots) {
            s.append('/').append(m.spaceId()).append(':').append(m.name()).append(':').append(m.etag());
        }
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return "m" + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
