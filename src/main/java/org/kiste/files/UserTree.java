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
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import org.kiste.cache.Invalidations;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository.Space;

/**
 * A user's tree: their home space, with the team folders they may see and the shares they received mounted in it.
 * Team folders and new shares sit at the top; a recipient may keep a share in any folder of their home. A path
 * whose leading names reach a mount point lies in that mount (a mount hides a home entry of the same name, as
 * Nextcloud's group folders do); everything else lies in the home. A mount is rooted at any node of its space (a
 * team folder's root, a shared folder, a shared file). A link's visitor has one mount and no home: the whole path
 * lies in the linked item.
 */
final class UserTree {
    /** Mounts change with grants and memberships, made by the admin CLI in another process: a second's staleness. */
    private final Cache<Long, List<MountInfo>> mounts = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1))
            .build();
    /** Where each user's mounts lie; rebuilt when the mounts reload or, with mounts in folders, the home changes. */
    private final Cache<Long, MountLayout> layouts = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1))
            .build();

    private final MountSource source;
    private final Database db;
    private final NodeRepository nodes;
    private final LongUnaryOperator generations;

    /** @param generations a space's write generation in this process (see {@link FileNodeCache#generation}) */
    UserTree(
            Database db,
            NodeRepository nodes,
            MountSource source,
            LongUnaryOperator generations,
            Invalidations invalidations) {
        this.db = db;
        this.nodes = nodes;
        this.source = source;
        this.generations = generations;
        // a layout is used only with the mount list it was placed from, so forgetting the list is enough
        invalidations.subscribe(Invalidations.Topic.MOUNTS, userId -> {
            if (userId == 0) {
                mounts.invalidateAll();
            } else {
                mounts.invalidate(userId);
            }
        });
    }

    /**
     * Where a path of the user's tree lies: the space, the node walks start from with the ids above it
     * ({@code base}, from the space root down to the start node), the path below the start node, and what the user
     * may do there. A file mount starts at the file's folder, with the file's own name as first step.
     *
     * @param pointDepth the depth of {@code inSpace} at which it names the mount point (0 for folders, 1 for files)
     * @param userId     the user whose tree it is (0 for a link's visitor), whose grant a write confirms
     */
    record Place(
            Space space, long[] base, FilePath inSpace, Perms perms, MountInfo mount, int pointDepth, long userId) {
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

    /** The user's mounts, each with its place in their tree. */
    List<MountInfo> mounts(Principal p, Space home) {
        return layout(p, home).all();
    }

    /** The mounts whose points lie directly in the user's folder {@code folder}. */
    List<MountInfo> mountsIn(Principal p, Space home, FilePath folder) {
        return layout(p, home).in(folder);
    }

    /** The mounts whose points lie anywhere below the user's folder {@code folder} (every mount below the root). */
    List<MountInfo> mountsUnder(Principal p, Space home, FilePath folder) {
        return folder.isRoot() ? mounts(p, home) : layout(p, home).below(folder);
    }

    /** Forgets the user's cached mounts (after their own placement of one changed). */
    void forget(Principal p) {
        mounts.invalidate(p.userId());
    }

    /**
     * Moves the user's mount point into their folder {@code folderNodeId} (0: the top) as {@code newName}, in the
     * caller's transaction; the caller forgets the user's mounts once it has committed.
     */
    void move(java.sql.Connection c, Principal p, MountInfo m, long folderNodeId, String newName)
            throws java.sql.SQLException {
        source.move(c, p, m, folderNodeId, newName);
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
            MountInfo m = layout(p, home).above(path);
            if (m != null) {
                Space s = spaces.apply(m.spaceId());
                if (s != null) {
                    return mounted(m, path.dropFirst(m.point().depth()), s, p.userId());
                }
            }
        }
        return new Place(home, new long[] {home.rootNodeId()}, path, Perms.ALL, null, -1, p.userId());
    }

    /** Where {@code rest}, a path below a mount point of user {@code userId}'s tree (0: a link's), lies. */
    static Place mounted(MountInfo m, FilePath rest, Space s, long userId) {
        if (m.file()) {
            FilePath inSpace = FilePath.ROOT.child(m.nodeName());
            for (String name : rest.names()) {
                inSpace = inSpace.child(name);
            }
            return new Place(s, Arrays.copyOf(m.chain(), m.chain().length - 1), inSpace, m.perms(), m, 1, userId);
        }
        return new Place(s, m.chain(), rest, m.perms(), m, 0, userId);
    }

    /**
     * The user's root: the home root, whose etag, size and modification time also cover every mount, so a change in
     * any team folder or received share is seen by the user's sync client at the top of their tree.
     */
    Resolved root(Principal p, Space home) {
        Node root = db.read(c -> nodes.byId(c, home.rootNodeId()));
        if (root == null) {
            throw new NotFoundException("no home");
        }
        return new Resolved(covering(root, mounts(p, home)), new long[] {root.id()}, Perms.ALL, FilePath.ROOT, null);
    }

    /**
     * A folder of the user's home as they see it: when mounts lie below it, its etag, size and modification time
     * cover them (Nextcloud changes the etags along a recipient's path to a share the same way).
     */
    Resolved covering(Principal p, Space home, Resolved folder) {
        if (!folder.isFolder() || folder.mount() != null || folder.path().isRoot()) {
            return folder;
        }
        List<MountInfo> below = layout(p, home).below(folder.path());
        if (below.isEmpty()) {
            return folder;
        }
        return new Resolved(covering(folder.node(), below), folder.chain(), folder.perms(), folder.path(), null);
    }

    /** Listed children of the user's home folder {@code folder}, sub-folders covering the mounts below them. */
    List<Node> covering(Principal p, Space home, FilePath folder, List<Node> children) {
        MountLayout l = layout(p, home);
        if (!l.hasNested()) {
            return children;
        }
        List<Node> out = null;
        for (int i = 0; i < children.size(); i++) {
            Node n = children.get(i);
            List<MountInfo> below = n.isFolder() ? l.below(folder.child(n.name())) : List.of();
            if (!below.isEmpty()) {
                if (out == null) {
                    out = new ArrayList<>(children);
                }
                out.set(i, covering(n, below));
            }
        }
        return out == null ? children : out;
    }

    private Node covering(Node folder, List<MountInfo> mounted) {
        if (mounted.isEmpty()) {
            return folder;
        }
        List<Node> mountRoots = mountRoots(mounted);
        long size = folder.size();
        long mtime = folder.mtime();
        for (Node m : mountRoots) {
            size += m.size();
            mtime = Math.max(mtime, m.mtime());
        }
        return new Node(
                folder.id(),
                folder.spaceId(),
                folder.parentId(),
                folder.name(),
                folder.kind(),
                size,
                mtime,
                folder.ctime(),
                folder.createdAt(),
                coveringEtag(folder.etag(), mounted, mountRoots),
                folder.mime(),
                folder.blob());
    }

    /** The root nodes of the given mounts, named as their mount points, in the order given. */
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
     * A listed child of {@code folder}: in a folder of the user's home a mount point carries its mount and what the
     * user may do there; anywhere else the child inherits its folder's space, mount and permissions.
     */
    Resolved child(Principal p, Space home, Resolved folder, Node n) {
        return child(folder.mount() == null ? layout(p, home) : null, folder, n);
    }

    /** As {@link #child} for each of a page of {@code folder}'s children, the mount layout looked up once. */
    List<Resolved> children(Principal p, Space home, Resolved folder, List<Node> page) {
        MountLayout layout = folder.mount() == null ? layout(p, home) : null;
        List<Resolved> out = new ArrayList<>(page.size());
        for (Node n : page) {
            out.add(child(layout, folder, n));
        }
        return out;
    }

    /** {@code layout}: the user's mounts when {@code folder} lies in their home, else null. */
    private static Resolved child(MountLayout layout, Resolved folder, Node n) {
        FilePath path = folder.path().child(n.name());
        if (layout != null && !layout.byPoint().isEmpty()) {
            MountInfo m = layout.byPoint().get(path);
            if (m != null && m.rootNodeId() == n.id()) {
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

    /** The mount names: in their folder they hide home entries of the same name. */
    static Set<String> names(List<MountInfo> mounted) {
        Set<String> out = new HashSet<>();
        for (MountInfo m : mounted) {
            out.add(m.name());
        }
        return out;
    }

    private static Node named(Node n, String name) {
        return n.withName(name);
    }

    /**
     * The etag of a folder with mounts below it: its own etag when there are none, otherwise a digest of it with
     * every mount's place and root etag, so that any change inside a mount (and any mount that comes, goes or moves)
     * changes the etags along the user's path to it without writing to their rows (Nextcloud computes it the same
     * way).
     */
    static String coveringEtag(String ownEtag, List<MountInfo> mounted, List<Node> mountRoots) {
        if (mountRoots.isEmpty()) {
            return ownEtag;
        }
        StringBuilder s = new StringBuilder(ownEtag);
        int i = 0;
        for (Node m : mountRoots) {
            // mountRoots follows mounted, less the roots that vanished meanwhile: match them by node id
            while (i < mounted.size() && mounted.get(i).rootNodeId() != m.id()) {
                i++;
            }
            MountInfo at = i < mounted.size() ? mounted.get(i) : null;
            String place = at == null || !at.nested() ? m.name() : at.point().toString();
            s.append('/')
                    .append(m.spaceId())
                    .append(':')
                    .append(place)
                    .append(':')
                    .append(m.etag());
        }
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return "m" + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- where the mounts lie ------------------------------------------------------------------------------

    /**
     * The user's mounts placed in their tree. Mounts kept in a folder need its current path, which changes with the
     * user's renames and moves: the layout is read again when the home's write generation moved on.
     */
    private MountLayout layout(Principal p, Space home) {
        List<MountInfo> source = mounts.get(p.userId(), this.source::mountsFor);
        long generation = generations.applyAsLong(home.id());
        MountLayout l = layouts.getIfPresent(p.userId());
        if (l != null && l.source() == source && (!l.hasNested() || l.generation() == generation)) {
            return l;
        }
        l = MountLayout.of(source, generation, placed(source, home));
        layouts.put(p.userId(), l);
        return l;
    }

    /**
     * The mounts with their folders' paths. A mount whose folder is no longer a live folder of the home (trashed,
     * moved into a team folder, gone) or lies under another mount point shows at the top of the tree instead,
     * under a free name; it returns to its folder when that folder is back (restored from the trash).
     */
    private List<MountInfo> placed(List<MountInfo> source, Space home) {
        List<MountInfo> out = new ArrayList<>(source.size());
        List<MountInfo> nested = new ArrayList<>();
        for (MountInfo m : source) {
            (m.nested() ? nested : out).add(m);
        }
        if (nested.isEmpty()) {
            return source;
        }
        Set<Long> folderIds = new HashSet<>();
        for (MountInfo m : nested) {
            folderIds.add(m.folderNodeId());
        }
        record Read(Map<Long, long[]> chains, Map<Long, String> names) {}
        Read read = db.read(c -> {
            Map<Long, long[]> chains = nodes.liveChains(c, folderIds);
            Set<Long> ids = new HashSet<>();
            for (long[] chain : chains.values()) {
                for (int i = 1; i < chain.length; i++) {
                    ids.add(chain[i]);
                }
            }
            return new Read(chains, nodes.names(c, ids));
        });
        Map<MountInfo, FilePath> folders = new java.util.IdentityHashMap<>();
        for (MountInfo m : nested) {
            long[] chain = read.chains().get(m.folderNodeId());
            if (chain != null && chain[0] == home.rootNodeId()) {
                FilePath path = FilePath.ROOT;
                for (int i = 1; i < chain.length; i++) {
                    path = path.child(read.names().get(chain[i]));
                }
                folders.put(m, path);
            }
        }
        // shallowest first: a mount point hides whatever lies below its name, other mounts' folders too
        nested.sort(java.util.Comparator.comparingInt(
                m -> folders.containsKey(m) ? folders.get(m).depth() : 0));
        Set<FilePath> points = new HashSet<>();
        Set<String> topNames = new HashSet<>();
        for (MountInfo m : out) {
            points.add(m.point());
            topNames.add(m.name());
        }
        List<MountInfo> homeless = new ArrayList<>();
        for (MountInfo m : nested) {
            FilePath folder = folders.get(m);
            if (folder == null || hidden(folder, points) || points.contains(folder.child(m.name()))) {
                homeless.add(m);
                continue;
            }
            MountInfo at = m.at(folder, m.name());
            points.add(at.point());
            out.add(at);
        }
        for (MountInfo m : homeless) {
            String name = m.name();
            for (int i = 2; i < 100 && (topNames.contains(name) || homeHasEntry(home, name)); i++) {
                name = NumberedName.of(m.name(), i, m.file());
            }
            topNames.add(name);
            out.add(m.inFolder(0, name).at(FilePath.ROOT, name));
        }
        return out;
    }

    private static boolean hidden(FilePath folder, Set<FilePath> points) {
        for (int d = 1; d <= folder.depth(); d++) {
            if (points.contains(folder.prefix(d))) {
                return true;
            }
        }
        return false;
    }

    private boolean homeHasEntry(Space home, String name) {
        return db.read(c -> nodes.child(c, home.rootNodeId(), name)) != null;
    }
}
