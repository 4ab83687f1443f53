package org.kiste.files;

import org.kiste.model.InsufficientStorageException;

import org.kiste.model.PreconditionFailedException;

import org.kiste.model.AlreadyExistsException;

import org.kiste.model.ConflictException;

import org.kiste.model.ForbiddenException;

import org.kiste.model.NotFoundException;

import org.kiste.model.DeadProperty;

import org.kiste.model.DavLock;

import org.kiste.model.MountInfo;

import org.kiste.model.Principal;

import org.kiste.model.Perms;

import org.kiste.model.FilePath;

import org.kiste.model.Node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kiste.blob.BlobStore;
import org.kiste.store.ChangeJournal;
import org.kiste.store.Database;
import org.kiste.store.DeadPropRepository;
import org.kiste.store.FavoriteRepository;
import org.kiste.store.NodeSearch;
import org.kiste.store.LockRepository;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.SqlWork;
import org.kiste.store.StoreException;
import org.kiste.store.TrashRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files core: every door (WebDAV, Nextcloud, public links, web UI) calls these methods with the acting
 * principal, and permissions, quotas and the change journal are applied here once.
 */
public final class FilesService {
    private static final Logger log = LoggerFactory.getLogger(FilesService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Rounds a write may lose to concurrent writers of the same name before it answers a storage error. */
    private static final int NAME_RACE_ATTEMPTS = 8;
    /** Deepest subtree a MOVE between spaces walks (paths are far shallower in practice). */
    private static final int MAX_TREE_DEPTH = 1000;

    private final Database db;
    private final BlobStore blobs;
    private final NodeRepository nodes;
    private final SpaceRepository spaces = new SpaceRepository();
    private final DeadPropRepository props = new DeadPropRepository();
    private final TrashRepository trash = new TrashRepository();
    private final LockRules lockRules = new LockRules(new LockRepository());
    /** Space rows change rarely (quota); a second of staleness is the documented bound. */
    private final FileNodeCache fileCache = new FileNodeCache();
    private final Uploads uploads;
    private volatile FileIds ids = new FileIds("oc0000000000");
    private final Favorites favorites;
    private final Search search;
    private final TrashBin trashBin;
    private final Cache<Long, Space> spaceCache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1)).build();
    private final UserTree tree;
    private volatile ShareMarks shareMarks = ShareMarks.NONE;


    public FilesService(Database db, BlobStore blobs, NodeRepository nodes) {
        this.db = db;
        this.blobs = blobs;
        this.nodes = nodes;
        this.uploads = new Uploads(this, blobs);
        this.tree = new UserTree(db, nodes, fileCache::generation);
        this.favorites = new Favorites(this, new FavoriteRepository(nodes.epoch()));
        this.search = new Search(this, new NodeSearch(nodes.epoch()));
        this.trashBin = new TrashBin(this);
    }

    /** The users' trash bins: list, restore, delete for good. */
    public TrashBin trashBin() {
        return trashBin;
    }

    /** Search by name, type, time, size, id and favourite mark. */
    public Search search() {
        return search;
    }

    /** The per-user favourite flags. */
    public Favorites favorites() {
        return favorites;
    }

    public Database database() {
        return db;
    }

    /** How node ids look outside (oc:id, OC-FileId). */
    public FileIds ids() {
        return ids;
    }

    /** Set once at start, after the installation's instance id is read from the database. */
    public void useIds(FileIds ids) {
        this.ids = ids;
    }

    /** Set once at start: which of a user's items they shared, and how. */
    public void useShareMarks(ShareMarks marks) {
        this.shareMarks = marks;
    }

    /** The share types the user made on their items, by node id (see {@link ShareMarks}). */
    public Map<Long, ? extends java.util.Set<Integer>> shareTypesMadeBy(Principal p) {
        return p.isLinkVisitor() ? Map.of() : shareMarks.typesMadeBy(p);
    }

    /** Set once at start: where users' team folder mounts come from. */
    public void useMounts(MountSource source) {
        tree.useSource(source);
    }

    NodeRepository nodes() {
        return nodes;
    }

    LockRules lockRules() {
        return lockRules;
    }

    // ---- reading -------------------------------------------------------------------------------------------

    public Resolved resolve(Principal p, FilePath path) {
        return find(p, path).orElseThrow(() -> new NotFoundException(path.toString()));
    }

    /**
     * An item found by a search or in the favourites, with what the principal may do there (a team folder's role, a
     * share's bits) and its mount, without walking its path again; its chain is the item alone.
     */
    public Resolved placed(Principal p, Located found) {
        return UserTree.resolved(place(p, found.path()), found.node(), new long[] {found.node().id()}, found.path());
    }

    public Optional<Resolved> find(Principal p, FilePath path) {
        UserTree.Place at = place(p, path);
        if (at.isTreeRoot()) {
            return Optional.of(tree.root(p, at.space()));
        }
        Space space = at.space();
        FilePath inSpace = at.inSpace();
        // the cache knows paths from a space's root; a share's paths start at the shared node
        boolean cached = at.fromSpaceRoot();
        long generation = fileCache.generation(space.id());
        FileNodeCache.Entry hit = cached ? fileCache.get(space.id(), inSpace, generation) : null;
        if (hit != null) {
            return Optional.of(UserTree.resolved(at, hit.node(), hit.chain(), path));
        }
        if (!cached) {
            return Optional.ofNullable(db.read(c -> {
                NodeRepository.Walk w = nodes.walk(c, at.start(), inSpace.names());
                if (w.node() == null || !w.complete(inSpace.depth())) {
                    return null;
                }
                long[] chain = liveChain(c, at, w.chain());
                return chain == null ? null : UserTree.resolved(at, w.node(), chain, path);
            }));
        }
        NodeRepository.Walk w = db.read(c -> nodes.walk(c, at.start(), inSpace.names()));
        if (w.node() == null || !w.complete(inSpace.depth())) {
            return Optional.empty();
        }
        fileCache.put(space.id(), inSpace, generation, w.node(), w.chain());
        Resolved found = UserTree.resolved(at, w.node(), at.chain(w.chain()), path);
        // a folder of the home with received shares kept below it shows their changes in its etag
        return Optional.of(at.mount() == null && !p.isLinkVisitor() ? tree.covering(p, space, found) : found);
    }

    /**
     * A listed child of {@code folder} as a resolved node: in the user's root a mounted team folder carries its
     * mount and the member's role; anywhere else the child inherits its folder's space, mount and permissions.
     */
    public Resolved child(Principal p, Resolved folder, Node n) {
        return tree.child(p, folder.mount() == null ? home(p) : null, folder, n);
    }

    /**
     * The team folders and received shares mounted in the user's tree, each with its place there and what the user
     * may do in it.
     */
    public List<MountInfo> mounts(Principal p) {
        return p.isLinkVisitor() ? List.of() : tree.mounts(p, home(p));
    }

    /** Mounts changed (a share was made, changed or revoked): every user's tree reads them again. */
    public void mountsChanged() {
        tree.forgetMounts();
    }

    /**
     * The chain of ids from its space's root down to a node, when the node is live (not in a trash, not purged):
     * what a mount rooted at that node needs (see {@link MountInfo#chain()}).
     */
    public Optional<long[]> liveChain(long nodeId) {
        return Optional.ofNullable(db.read(c -> nodes.liveChains(c, List.of(nodeId))).get(nodeId));
    }

    /** Which of the given nodes are live (not in a trash, not purged). */
    public java.util.Set<Long> liveNodes(java.util.Collection<Long> ids) {
        return db.read(c -> nodes.liveChains(c, ids)).keySet();
    }

    /** The live chains of the given nodes (see {@link #liveChain}), in one query. */
    public Map<Long, long[]> liveChains(java.util.Collection<Long> ids) {
        return db.read(c -> nodes.liveChains(c, ids));
    }

    /** A node's own name. */
    public Optional<String> nodeName(long id) {
        return Optional.ofNullable(db.read(c -> nodes.names(c, List.of(id))).get(id));
    }

    /**
     * Where a live node lies in the principal's tree (inside a mount, or in their home), or empty when they cannot
     * reach it there.
     */
    public Optional<Resolved> locate(Principal p, long nodeId) {
        long[] chain = liveChain(nodeId).orElse(null);
        if (chain == null) {
            return Optional.empty();
        }
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (long id : chain) {
            ids.add(id);
        }
        Map<Long, String> names = db.read(c -> nodes.names(c, ids));
        FilePath path = null;
        for (MountInfo m : mounts(p)) {
            for (int k = 0; k < chain.length; k++) {
                if (chain[k] == m.rootNodeId()) {
                    FilePath at = m.point();
                    for (int i = k + 1; i < chain.length; i++) {
                        at = at.child(names.get(chain[i]));
                    }
                    path = at;
                    break;
                }
            }
            if (path != null) {
                break;
            }
        }
        if (path == null && !p.isLinkVisitor() && chain[0] == home(p).rootNodeId()) {
            path = FilePath.ROOT;
            for (int i = 1; i < chain.length; i++) {
                path = path.child(names.get(chain[i]));
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        return find(p, path).filter(r -> r.id() == nodeId);
    }

    /**
     * The principal of a public link's visitor: their whole tree is the linked item (a folder: "/" is that folder;
     * a file: "/" is that file), where they may do what {@code link.perms()} allows. Built by the sharing core from
     * a live link (see {@code ShareService.findLink}); the visitor's changes are journaled as made by nobody.
     */
    public static Principal linkVisitor(MountInfo link) {
        if (link.kind() != MountInfo.Kind.LINK) {
            throw new IllegalArgumentException("not a link mount");
        }
        return new Principal(0, "", "", false, 0, 0, link);
    }

    /** Runs a write transaction on a space; the file cache learns about it once it has committed. */
    <T> T write(Space space, SqlWork<T> work) {
        try {
            return db.tx(work);
        } finally {
            fileCache.invalidate(space.id());
        }
    }

    /** Receives a folder's children page by page; no database connection is held while a page is consumed. */
    @FunctionalInterface
    public interface PageSink {
        void accept(List<Node> page) throws IOException;
    }

    public void list(Principal p, Resolved folder, int pageSize, PageSink sink) throws IOException {
        if (!folder.isFolder()) {
            return;
        }
        folder.perms().require(Perms.READ, "list");
        Space home = folder.mount() == null ? home(p) : null;
        List<MountInfo> mounted = home == null ? List.of() : tree.mountsIn(p, home, folder.path());
        java.util.Set<String> hidden = UserTree.names(mounted);
        String after = null;
        while (true) {
            String a = after;
            List<Node> page = db.read(c -> nodes.children(c, folder.id(), a, pageSize));
            // a mount hides a home entry of its name: the path leads into the mount
            List<Node> shown = hidden.isEmpty() ? page : page.stream().filter(n -> !hidden.contains(n.name())).toList();
            if (home != null) {
                shown = tree.covering(p, home, folder.path(), shown);
            }
            if (!shown.isEmpty()) {
                sink.accept(shown);
            }
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1).name();
        }
        if (!mounted.isEmpty()) {
            sink.accept(tree.mountRoots(mounted));
        }
    }

    public Map<Long, List<DeadProperty>> deadProperties(List<Long> nodeIds) {
        return db.read(c -> props.forNodes(c, nodeIds));
    }

    public SeekableByteChannel open(Principal p, Resolved file) throws IOException {
        file.perms().require(Perms.READ, "read");
        if (file.node().blob() == null) {
            return null;
        }
        return blobs.open(file.node().blob().key());
    }

    /** The content of a file node found without a path (in a trash bin); null for an empty file. */
    SeekableByteChannel openBlob(Node file) throws IOException {
        return file.blob() == null ? null : blobs.open(file.blob().key());
    }

    /** The quota of the principal's home. */
    public Quota quota(Principal p) {
        return quota(home(p));
    }

    /** The quota that applies at a path: the team folder's inside a mount, the home's elsewhere (RFC 4331). */
    public Quota quota(Principal p, FilePath path) {
        return quota(place(p, path).space());
    }

    private Quota quota(Space space) {
        Node root = db.read(c -> nodes.byId(c, space.rootNodeId()));
        long free;
        try {
            free = blobs.usableSpace();
        } catch (IOException e) {
            free = 0;
        }
        return new Quota(root.size(), space.quotaBytes(), free);
    }

    // ---- writing -------------------------------------------------------------------------------------------

    public Node mkdir(Principal p, FilePath path, Precondition pre) {
        if (path.isRoot()) {
            throw new AlreadyExistsException("/");
        }
        UserTree.Place at = place(p, path);
        if (at.isMountPoint()) {
            throw new AlreadyExistsException(path.toString());
        }
        Space space = at.space();
        long now = System.currentTimeMillis();
        try {
            return write(space, c -> {
                Resolved parent = parentFolder(c, at, path);
                parent.perms().require(Perms.CREATE, "create folders here");
                Node existing = nodes.child(c, parent.id(), path.last());
                pre.check(existing);
                if (existing != null) {
                    throw new AlreadyExistsException(path.toString());
                }
                lockRules.requireUnlocked(c, lockRules.active(c, space.id()), parent.chain(), false, p, pre.lockTokens());
                long id = nodes.insertFolder(c, space.id(), parent.id(), path.last(), now, p.userId());
                ChangeJournal.record(c, space.id(), id, ChangeJournal.CREATE, p.userId(), parent.chain(), 0, now);
                return nodes.byId(c, id);
            });
        } catch (org.kiste.store.StoreException e) {
            if (e.isDuplicateKey()) {
                throw new AlreadyExistsException(path.toString());
            }
            throw e;
        }
    }

    /**
     * Stores a file: body → durable blob (no transaction open), then one transaction that evaluates {@code pre}
     * against the current target, points the node at the blob and journals the change.
     *
     * @param length announced body length or -1 (chunked)
     * @param mtime  client-supplied modification time in ms, or null for now
     */
    public WriteResult put(Principal p, FilePath path, InputStream body, long length, Long mtime, String clientType,
                           Precondition pre) throws IOException {
        return uploads.put(p, path, body, length, mtime, clientType, pre, null);
    }

    /** As {@link #put}, refusing (400, nothing stored) content that does not match {@code expected} (may be null). */
    public WriteResult put(Principal p, FilePath path, InputStream body, long length, Long mtime, String clientType,
                           Precondition pre, Checksum expected) throws IOException {
        return uploads.put(p, path, body, length, mtime, clientType, pre, expected);
    }

    public Node delete(Principal p, FilePath path, Precondition pre) {
        try {
            return deleteNow(p, path, pre);
        } finally {
            // the item may have been shared: its recipients' mounts go at once
            tree.forgetMounts();
        }
    }

    private Node deleteNow(Principal p, FilePath path, Precondition pre) {
        if (path.isRoot()) {
            throw new ForbiddenException("the root folder cannot be deleted");
        }
        UserTree.Place at = place(p, path);
        if (at.isMountPoint()) {
            if (at.mount().kind() == MountInfo.Kind.SHARED) {
                // unsharing for this recipient: the mount leaves their tree, the owner's item stays
                Resolved point = resolve(p, path);
                pre.check(point.node());
                tree.leave(p, at.mount());
                return point.node();
            }
            throw new ForbiddenException("a team folder cannot be deleted by its members");
        }
        Space space = at.space();
        long now = System.currentTimeMillis();
        return write(space, c -> {
            Resolved parent = parentFolder(c, at, path);
            Node target = nodes.child(c, parent.id(), path.last());
            if (target == null) {
                throw new NotFoundException(path.toString());
            }
            pre.check(target);
            parent.perms().require(Perms.DELETE, "delete");
            List<DavLock> active = lockRules.active(c, space.id());
            lockRules.requireUnlocked(c, active, parent.chain(), false, p, pre.lockTokens());
            lockRules.requireUnlocked(c, active, Resolved.append(parent.chain(), target.id()), true, p, pre.lockTokens());
            lockRules.releaseSubtree(c, active, target.id());
            trash.detach(c, target.id(), space.id(), space.trashNodeId(), parent.id(), target.name(), target.size(),
                    p.userId(), now);
            ChangeJournal.record(c, space.id(), target.id(), ChangeJournal.DELETE, p.userId(), parent.chain(), -target.size(), now);
            return target;
        });
    }

    /**
     * MOVE within the principal's tree. Inside one space one row changes, whatever the size of the subtree; between
     * spaces (home and a team folder, or two team folders) the subtree's rows also change space, so the cost grows
     * with the subtree, while ids, etags and dead properties stay.
     */
    public WriteResult move(Principal p, FilePath from, FilePath to, boolean overwrite, Precondition srcPre,
                            Precondition dstPre) {
        checkTransfer(from, to);
        UserTree.Place srcAt = place(p, from);
        UserTree.Place dstAt = place(p, to);
        if (srcAt.isMountPoint() && srcAt.mount().kind() == MountInfo.Kind.SHARED) {
            return moveMountPoint(p, srcAt, from, to, overwrite, srcPre, dstPre);
        }
        refuseMountPoints(srcAt, dstAt, "moved or renamed");
        Space space = srcAt.space();
        Space dstSpace = dstAt.space();
        boolean across = space.id() != dstSpace.id();
        long now = System.currentTimeMillis();
        return txRacingForName(space, dstSpace, c -> {
            Resolved srcParent = parentFolder(c, srcAt, from);
            Node src = nodes.child(c, srcParent.id(), from.last());
            if (src == null) {
                throw new NotFoundException(from.toString());
            }
            srcPre.check(src);
            if (across) {
                // leaving the space takes the item out of its folder, as deleting it would (Nextcloud moves between
                // storages as a copy and a delete: the delete right, not the rename right, decides)
                srcParent.perms().require(Perms.DELETE, "move out of this folder");
            } else {
                srcParent.perms().require(Perms.RENAME, "move");
            }
            if (src.isFolder()) {
                spaces.bumpMoveGeneration(c, space.id());
            }
            Resolved dstParent = parentFolder(c, dstAt, to);
            if (across || dstParent.id() != srcParent.id()) {
                // a rename in place adds nothing to the folder: the rename right alone allows it
                dstParent.perms().require(Perms.CREATE, "move into the destination");
            }
            for (long id : dstParent.chain()) {
                if (id == src.id()) {
                    throw new ForbiddenException("cannot move a folder into itself");
                }
            }
            Node existing = nodes.child(c, dstParent.id(), to.last());
            dstPre.check(existing);
            List<DavLock> active = lockRules.active(c, space.id());
            List<DavLock> dstActive = across ? lockRules.active(c, dstSpace.id()) : active;
            lockRules.requireUnlocked(c, active, srcParent.chain(), false, p, srcPre.lockTokens());
            lockRules.requireUnlocked(c, active, Resolved.append(srcParent.chain(), src.id()), true, p, srcPre.lockTokens());
            lockRules.requireUnlocked(c, dstActive, dstParent.chain(), false, p, srcPre.lockTokens());
            if (existing != null) {
                lockRules.requireUnlocked(c, dstActive, Resolved.append(dstParent.chain(), existing.id()), true, p, srcPre.lockTokens());
                lockRules.releaseSubtree(c, dstActive, existing.id());
            }
            if (across) {
                long allowed = allowedBytes(dstSpace, existing == null ? 0 : existing.size());
                if (allowed >= 0 && src.size() > allowed) {
                    throw new InsufficientStorageException("not enough space to move " + src.size() + " bytes");
                }
            }
            // RFC 4918 §9.9.4: a lock does not move with its resource
            lockRules.releaseSubtree(c, active, src.id());
            boolean replaced = replaceExisting(c, p, dstSpace, dstParent, existing, overwrite, now);
            nodes.relink(c, src.id(), dstParent.id(), to.last(), now);
            if (across) {
                nodes.changeSpace(c, src.id(), dstSpace.id(), MAX_TREE_DEPTH);
            }
            Node fresh = nodes.byId(c, src.id());
            long size = fresh.size();
            ChangeJournal.record(c, space.id(), src.id(), ChangeJournal.MOVE, p.userId(), srcParent.chain(), -size, now);
            ChangeJournal.record(c, dstSpace.id(), src.id(), ChangeJournal.MOVE, p.userId(), dstParent.chain(), size, now);
            return new WriteResult(fresh, !replaced);
        });
    }

    /** COPY: new rows referencing the same blobs; {@code deep=false} copies a folder without its members. */
    public WriteResult copy(Principal p, FilePath from, FilePath to, boolean overwrite, boolean deep, Precondition srcPre,
                            Precondition dstPre) {
        checkTransfer(from, to);
        UserTree.Place srcAt = place(p, from);
        UserTree.Place dstAt = place(p, to);
        if (dstAt.isMountPoint()) {
            throw new ForbiddenException("a team folder cannot be replaced by its members");
        }
        Space space = dstAt.space();
        long now = System.currentTimeMillis();
        List<MountInfo> inside = deep ? mountsInside(p, srcAt, from) : List.of();
        return txRacingForName(space, c -> {
            Resolved src = walk(c, srcAt, from);
            srcPre.check(src.node());
            src.perms().require(Perms.READ, "read the source");
            Resolved dstParent = parentFolder(c, dstAt, to);
            dstParent.perms().require(Perms.CREATE, "copy into the destination");
            if (src.isFolder() && deep) {
                for (long id : dstParent.chain()) {
                    if (id == src.id()) {
                        throw new ForbiddenException("cannot copy a folder into itself");
                    }
                }
            }
            Node existing = nodes.child(c, dstParent.id(), to.last());
            dstPre.check(existing);
            List<DavLock> active = lockRules.active(c, space.id());
            lockRules.requireUnlocked(c, active, dstParent.chain(), false, p, srcPre.lockTokens());
            if (existing != null) {
                lockRules.requireUnlocked(c, active, Resolved.append(dstParent.chain(), existing.id()), true, p, srcPre.lockTokens());
                lockRules.releaseSubtree(c, active, existing.id());
            }
            Map<Long, Node> mountRoots = src.isFolder() ? liveMountRoots(c, inside) : Map.of();
            long size = src.isFolder() && !deep ? 0 : src.node().size();
            for (Node r : mountRoots.values()) {
                size += r.size(); // at most: a mount whose name is taken in the copy is left out
            }
            long allowed = allowedBytes(space, existing == null ? 0 : existing.size());
            if (allowed >= 0 && size > allowed) {
                throw new InsufficientStorageException("not enough space to copy " + size + " bytes");
            }
            boolean replaced = replaceExisting(c, p, space, dstParent, existing, overwrite, now);
            long id;
            if (src.isFolder()) {
                id = nodes.insertFolder(c, space.id(), dstParent.id(), to.last(), now, p.userId());
                if (deep) {
                    nodes.copyChildren(c, src.id(), id, space.id(), now, p.userId());
                    long mounted = 0;
                    for (MountInfo m : inside) {
                        Node r = mountRoots.get(m.rootNodeId());
                        if (r != null) {
                            mounted += copyMount(c, p, space, r, m.point().dropFirst(from.depth()), id, now);
                        }
                    }
                    size = src.node().size() + mounted;
                    try (var ps = c.prepareStatement("UPDATE node SET size = ? WHERE id = ?")) {
                        ps.setLong(1, size);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
            } else {
                id = nodes.copyFileRow(c, src.node(), space.id(), dstParent.id(), to.last(), now, newEtag(), p.userId());
            }
            props.copy(c, src.id(), id);
            ChangeJournal.record(c, space.id(), id, ChangeJournal.CREATE, p.userId(), dstParent.chain(), size, now);
            return new WriteResult(nodes.byId(c, id), !replaced);
        });
    }

    /**
     * Applies PROPPATCH instructions atomically (all or none, RFC 4918 §9.2), and sets the client-visible
     * modification time when {@code mtime} is given (never the etag: property changes are metadata).
     *
     * @param ownerMayOmitToken the lock owner may change these properties without submitting the token (Windows
     *                          sends its Win32 time properties that way)
     */
    public void patchProperties(Principal p, Resolved target, List<PropPatch> ops, Long mtime, Precondition pre,
                                boolean ownerMayOmitToken) {
        target.perms().require(Perms.WRITE, "change properties");
        Space space = spaceOf(p, target);
        write(space, c -> {
            Node current = nodes.byId(c, target.id());
            if (current == null) {
                throw new NotFoundException(target.path().toString());
            }
            pre.check(current);
            List<DavLock> active = lockRules.active(c, space.id());
            if (ownerMayOmitToken) {
                lockRules.requireOwned(active, target.chain(), p);
            } else {
                lockRules.requireUnlocked(c, active, target.chain(), false, p, pre.lockTokens());
            }
            for (PropPatch op : ops) {
                if (op.isRemove()) {
                    props.remove(c, target.id(), op.namespace(), op.localName());
                } else {
                    props.set(c, target.id(), new DeadProperty(op.namespace(), op.localName(), op.valueXml()));
                }
            }
            if (mtime != null) {
                nodes.setMtime(c, target.id(), mtime);
            }
            return null;
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * A recipient renames a received share's mount point or moves it into a folder of their own home: only their own
     * placement changes, the owner's item stays where it is. As in Nextcloud, a share is not kept inside a team
     * folder, another share or a folder the recipient shares themselves (403), and it replaces nothing.
     */
    private WriteResult moveMountPoint(Principal p, UserTree.Place srcAt, FilePath from, FilePath to, boolean overwrite,
                                       Precondition srcPre, Precondition dstPre) {
        Resolved point = resolve(p, from);
        srcPre.check(point.node());
        UserTree.Place dstAt = place(p, to);
        if (dstAt.mount() != null && !dstAt.isMountPoint()) {
            throw new ForbiddenException("a received share can only be kept among your own files, not in " + to.parent());
        }
        Optional<Resolved> existing = find(p, to);
        dstPre.check(existing.map(Resolved::node).orElse(null));
        if (existing.isPresent()) {
            if (!overwrite) {
                throw new PreconditionFailedException("destination exists and Overwrite is F");
            }
            throw new ForbiddenException("a received share cannot replace " + to);
        }
        Resolved folder = ownFolder(p, to.parent(), to);
        Map<Long, ? extends java.util.Set<Integer>> shared = shareTypesMadeBy(p);
        for (long id : folder.chain()) {
            if (shared.containsKey(id)) {
                throw new ForbiddenException("a received share cannot be moved into a folder you share");
            }
        }
        long[] sourceFolder = ownFolder(p, from.parent(), from).chain();
        Space home = home(p);
        db.read(c -> {
            List<DavLock> active = lockRules.active(c, home.id());
            lockRules.requireUnlocked(c, active, sourceFolder, false, p, srcPre.lockTokens());
            lockRules.requireUnlocked(c, active, folder.chain(), false, p, srcPre.lockTokens());
            return null;
        });
        tree.move(p, srcAt.mount(), folder.path().isRoot() ? 0 : folder.id(), to.last());
        Node n = point.node();
        Node renamed = new Node(n.id(), n.spaceId(), n.parentId(), to.last(), n.kind(), n.size(), n.mtime(), n.ctime(),
                n.createdAt(), n.etag(), n.mime(), n.blob());
        return new WriteResult(renamed, true);
    }

    /** A folder of the principal's home that holds (or is to hold) {@code item}; 409 when it is missing or a file. */
    private Resolved ownFolder(Principal p, FilePath folder, FilePath item) {
        Resolved r = find(p, folder).orElse(null);
        if (r == null || !r.isFolder()) {
            throw new ConflictException("parent folder of " + item + " does not exist");
        }
        if (r.mount() != null) {
            throw new ForbiddenException("a received share can only be kept among your own files, not in " + folder);
        }
        return r;
    }

    /**
     * The received shares the user keeps inside {@code from}, a folder of their home being copied: the copy holds
     * what they see there, so the shares' contents are copied into it as the user's own files, as Nextcloud copies
     * through its mounts.
     */
    private List<MountInfo> mountsInside(Principal p, UserTree.Place srcAt, FilePath from) {
        if (srcAt.mount() != null || p.isLinkVisitor()) {
            return List.of();
        }
        List<MountInfo> out = new java.util.ArrayList<>();
        for (MountInfo m : tree.mounts(p, srcAt.space())) {
            if (m.point().depth() > from.depth() && m.point().isWithin(from) && m.perms().can(Perms.READ)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The mounts' root nodes that are still live, by id. */
    private Map<Long, Node> liveMountRoots(Connection c, List<MountInfo> mounts) throws SQLException {
        if (mounts.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = new java.util.ArrayList<>();
        for (MountInfo m : mounts) {
            ids.add(m.rootNodeId());
        }
        Map<Long, Node> out = new java.util.HashMap<>();
        for (long id : nodes.liveChains(c, ids).keySet()) {
            Node n = nodes.byId(c, id);
            if (n != null) {
                out.put(id, n);
            }
        }
        return out;
    }

    /**
     * Copies a mount's root node (and what lies below it) to {@code below}, a path under the new folder {@code top};
     * the folders in between grow by its size. Returns the bytes copied (0 when the copy already has an entry of that
     * name: a home entry the mount hid in the source).
     */
    private long copyMount(Connection c, Principal p, Space space, Node root, FilePath below, long top, long now)
            throws SQLException {
        NodeRepository.Walk w = nodes.walk(c, top, below.parent().names());
        if (w.node() == null || !w.complete(below.depth() - 1) || !w.node().isFolder()
                || nodes.child(c, w.node().id(), below.last()) != null) {
            return 0;
        }
        long id;
        if (root.isFolder()) {
            id = nodes.insertFolder(c, space.id(), w.node().id(), below.last(), now, p.userId());
            nodes.copyChildren(c, root.id(), id, space.id(), now, p.userId());
        } else {
            id = nodes.copyFileRow(c, root, space.id(), w.node().id(), below.last(), now, newEtag(), p.userId());
        }
        props.copy(c, root.id(), id);
        long[] grown = w.chain(); // from the new folder down to the mount's new parent
        try (var ps = c.prepareStatement("UPDATE node SET size = size + ? WHERE id = ?")) {
            if (root.isFolder()) {
                ps.setLong(1, root.size());
                ps.setLong(2, id);
                ps.addBatch();
            }
            for (int i = 1; i < grown.length; i++) {
                ps.setLong(1, root.size());
                ps.setLong(2, grown[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return root.size();
    }

    private boolean replaceExisting(Connection c, Principal p, Space space, Resolved dstParent, Node existing,
                                    boolean overwrite, long now) throws SQLException {
        if (existing == null) {
            return false;
        }
        if (!overwrite) {
            throw new PreconditionFailedException("destination exists and Overwrite is F");
        }
        dstParent.perms().require(Perms.DELETE, "replace the destination");
        trash.detach(c, existing.id(), space.id(), space.trashNodeId(), dstParent.id(), existing.name(), existing.size(),
                p.userId(), now);
        ChangeJournal.record(c, space.id(), existing.id(), ChangeJournal.DELETE, p.userId(), dstParent.chain(),
                -existing.size(), now);
        return true;
    }

    private static void checkTransfer(FilePath from, FilePath to) {
        if (from.isRoot() || to.isRoot()) {
            throw new ForbiddenException("the root folder cannot be moved, copied or replaced");
        }
        if (from.equals(to)) {
            throw new ForbiddenException("source and destination are the same");
        }
        if (to.isWithin(from)) {
            throw new ForbiddenException("destination lies inside the source");
        }
    }

    /** Where a path of the user's tree lies: the home, or a mounted team folder. */
    UserTree.Place place(Principal p, FilePath path) {
        if (p.isLinkVisitor()) {
            Space s = space(p.link().spaceId());
            if (s == null) {
                throw new NotFoundException(path.toString());
            }
            return UserTree.mounted(p.link(), path, s);
        }
        return tree.place(p, path, home(p), this::space);
    }

    Resolved walk(Connection c, UserTree.Place at, FilePath path) throws SQLException {
        FilePath inSpace = at.inSpace();
        NodeRepository.Walk w = nodes.walk(c, at.start(), inSpace.names());
        if (w.node() == null || !w.complete(inSpace.depth())) {
            throw new NotFoundException(path.toString());
        }
        return UserTree.resolved(at, w.node(), chainOf(c, at, w.chain(), path), path);
    }

    /**
     * The full chain of a walk from {@code at}'s start, read in the caller's transaction: a shared item's place
     * among its owner's folders can change at any time (MOVE), and changes must be journaled to its current
     * ancestors. Null when the shared item is no longer live (in a trash).
     */
    private long[] liveChain(Connection c, UserTree.Place at, long[] walked) throws SQLException {
        if (!at.rootedAtItem()) {
            return at.chain(walked);
        }
        long root = at.mount().rootNodeId();
        long[] chain = nodes.liveChains(c, List.of(root)).get(root);
        if (chain == null) {
            return null;
        }
        return UserTree.join(at.mount().file() ? java.util.Arrays.copyOf(chain, chain.length - 1) : chain, walked);
    }

    /** As {@link #liveChain}, answering 404 when the shared item is gone. */
    long[] chainOf(Connection c, UserTree.Place at, long[] walked, FilePath path) throws SQLException {
        long[] chain = liveChain(c, at, walked);
        if (chain == null) {
            throw new NotFoundException(path.toString());
        }
        return chain;
    }

    /**
     * The folder that holds {@code path}, held until the transaction ends (see {@link #holdFolder}); 409 Conflict
     * when it is missing or a file (RFC 4918 §9.7.1).
     */
    Resolved parentFolder(Connection c, UserTree.Place at, FilePath path) throws SQLException {
        FilePath parent = at.inSpace().parent();
        NodeRepository.Walk w = nodes.walk(c, at.start(), parent.names());
        if (w.node() == null || !w.complete(parent.depth()) || !w.node().isFolder()) {
            throw new ConflictException("parent folder of " + path + " does not exist");
        }
        holdFolder(c, w.node().id(), at.space(), path);
        return new Resolved(w.node(), chainOf(c, at, w.chain(), path), at.perms(), path.parent(), at.mount());
    }

    /**
     * Holds the folder a write changes, so that a MOVE carrying it into another space cannot interleave: that MOVE
     * either waits for this write and carries its rows along, or committed first, and then the path no longer leads
     * to the folder's space: 409, as if the MOVE had come first. Without this a row could be written in the space
     * its folder had just left.
     */
    void holdFolder(Connection c, long folderId, Space space, FilePath path) throws SQLException {
        Long now = nodes.holdFolder(c, folderId);
        if (now == null || now != space.id()) {
            throw new ConflictException("the folder of " + path + " was moved meanwhile");
        }
    }

    /** The space a resolved node lies in. */
    Space spaceOf(Principal p, Resolved r) {
        return r.mount() == null ? home(p) : space(r.node().spaceId());
    }

    private static void refuseMountPoints(UserTree.Place src, UserTree.Place dst, String what) {
        if (src.isMountPoint()) {
            throw new ForbiddenException("a team folder cannot be " + what + " by its members");
        }
        if (dst.isMountPoint()) {
            throw new ForbiddenException("a team folder cannot be replaced by its members");
        }
    }

    Space home(Principal p) {
        if (p.isLinkVisitor()) {
            throw new NotFoundException("a link has no home");
        }
        Space s = space(p.homeSpaceId());
        if (s == null) {
            throw new NotFoundException("no home");
        }
        return s;
    }

    Space space(long id) {
        return spaceCache.get(id, i -> db.read(c -> spaces.byId(c, i)));
    }

    /** Bytes a write may add to the space (-1: unlimited), counting the bytes it replaces as free. */
    long allowedBytes(Space space, long replacing) {
        long free;
        try {
            free = blobs.usableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (space.quotaBytes() < 0) {
            return free;
        }
        long used = db.read(c -> nodes.byId(c, space.rootNodeId())).size();
        return Math.max(0, Math.min(space.quotaBytes() - used + replacing, free));
    }

    /**
     * A write transaction that creates or replaces a name. When a concurrent writer committed that name first, a
     * unique key refuses the row (the name in its folder, or the replaced node's trash entry); run again, the work
     * sees the winner's node and answers as for an existing target (replace, or 412 for a failed condition or
     * Overwrite: F) instead of a storage error. Every round lets at least one racer commit.
     */
    <T> T txRacingForName(Space space, SqlWork<T> work) {
        return txRacingForName(space, space, work);
    }

    /** As above, for work that writes two spaces (a MOVE between them): both learn about it. */
    <T> T txRacingForName(Space space, Space other, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                try {
                    return write(space, work);
                } finally {
                    if (other.id() != space.id()) {
                        fileCache.invalidate(other.id());
                    }
                }
            } catch (StoreException e) {
                if (!e.isDuplicateKey() || attempt == NAME_RACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static String newEtag() {
        return HexFormat.of().formatHex(randomBytes(8));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
