package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository.Space;

/**
 * A user's tree: their home space, with the team folders they may see and the shares they received mounted as
 * top-level entries. A path's first name picks a mount when one has that name (a mount hides a home entry of the
 * same name, as Nextcloud's group folders do); everything else lies in the home. A mount is rooted at any node of
 * its space (a team folder's root, a shared folder, a shared file). A link's visitor has one mount and no home:
 * the whole path lies in the linked item.
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

    /**
     * Where a path of the user's tree lies: the space, the node walks start from with the ids above it
     * ({@code base}, from the space root down to the start node), the path below the start node, and what the user
     * may do there. A file mount starts at the file's folder, with the file's own name as first step.
     *
     * @param pointDepth the depth of {@code inSpace} at which it names the mount point (0 for folders, 1 for files)
     */
    record Place(Space space, long[] base, FilePath inSpace, Perms perms, MountInfo mount, int pointDepth) {
        boolean isMountPoint() {
            return mount != null && inSpace.depth() == pointDepth;
        }

        /** The root of the user's own tree, which lists the mounts next to the home's entries. */
        boolean isTreeRoot() {
            return mount == null && inSpace.isRoot();
        }

        /** The node walks start from. */
        long start() {
            return base[base.length - 1];
        }

        /** True when walks start at the space's root (paths below it are then the same for everyone). */
        boolean fromSpaceRoot() {
            return base.length == 1 && base[0] == space.rootNodeId();
        }

        /** The full chain (from the space root) of a walk's chain, which begins at {@link #start()}. */
        long[] chain(long[] walked) {
            return join(base, walked);
        }

        /** True when the mount is rooted at an item the owner can move or trash (a share or a link). */
        boolean rootedAtItem() {
            return mount != null && mount.kind() != MountInfo.Kind.GROUP;
        }
    }

    /** {@code base} (ending with the walk's start) followed by the rest of {@code walked} (beginning with it). */
    static long[] join(long[] base, long[] walked) {
        if (base.length == 1) {
            return walked;
        }
        long[] out = Arrays.copyOf(base, base.length - 1 + walked.length);
        System.arraycopy(walked, 0, out, base.length - 1, walked.length);
        return out;
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

    MountInfo mountOfNode(Principal p, long nodeId) {
        for (MountInfo m : mounts(p)) {
            if (m.rootNodeId() == nodeId) {
                return m;
            }
        }
        return null;
    }

    /** Forgets the cached mounts of every user (after a share or a recipient's placement changed). */
    void forgetMounts() {
        mounts.invalidateAll();
    }

    void rename(Principal p, MountInfo m, String newName) {
        try {
            source.rename(p.userId(), m, newName);
        } finally {
            mounts.invalidate(p.userId());
        }
    }

    void leave(Principal p, MountInfo m) {
        try {
            source.leave(p.userId(), m);
        } finally {
            mounts.invalidate(p.userId());
        }
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
                    return mounted(m, path.dropFirst(1), s);
                }
            }
        }
        return new Place(home, new long[] {home.rootNodeId()}, path, Perms.ALL, null, -1);
    }

    /** Where {@code rest}, a path below a mount point, lies. */
    static Place mounted(MountInfo m, FilePath rest, Space s) {
        if (m.file()) {
            FilePath inSpace = FilePath.ROOT.child(m.nodeName());
            for (String name : rest.names()) {
                inSpace = inSpace.child(name);
            }
            return new Place(s, Arrays.copyOf(m.chain(), m.chain().length - 1), inSpace, m.perms(), m, 1);
        }
        return new Place(s, m.chain(), rest, m.perms(), m, 0);
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
     * A listed child of {@code folder}: in the user's root a mount point carries its mount and what the user may do
     * there; anywhere else the child inherits its folder's space, mount and permissions.
     */
    Resolved child(Principal p, Resolved folder, Node n) {
        FilePath path = folder.path().child(n.name());
        if (folder.mount() == null && folder.path().isRoot()) {
            MountInfo m = mountOfNode(p, n.id());
            if (m != null) {
                return new Resolved(n, m.chain(), m.perms(), path, m);
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
