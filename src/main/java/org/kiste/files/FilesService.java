package org.kiste.files;

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
    private final Cache<Long, Space> spaceCache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1)).build();


    public FilesService(Database db, BlobStore blobs, NodeRepository nodes) {
        this.db = db;
        this.blobs = blobs;
        this.nodes = nodes;
        this.uploads = new Uploads(this, blobs);
        this.favorites = new Favorites(this, new FavoriteRepository(nodes.epoch()));
        this.search = new Search(this, new NodeSearch(nodes.epoch()));
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

    public Optional<Resolved> find(Principal p, FilePath path) {
        Space space = home(p);
        long generation = fileCache.generation(space.id());
        FileNodeCache.Entry hit = fileCache.get(space.id(), path, generation);
        if (hit != null) {
            return Optional.of(new Resolved(hit.node(), hit.chain(), permsFor(p, space), path));
        }
        NodeRepository.Walk w = db.read(c -> nodes.walk(c, space.rootNodeId(), path.names()));
        if (w.node() == null || !w.complete(path.depth())) {
            return Optional.empty();
        }
        fileCache.put(space.id(), path, generation, w.node(), w.chain());
        return Optional.of(new Resolved(w.node(), w.chain(), permsFor(p, space), path));
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
        String after = null;
        while (true) {
            String a = after;
            List<Node> page = db.read(c -> nodes.children(c, folder.id(), a, pageSize));
            if (page.isEmpty()) {
                return;
            }
            sink.accept(page);
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).name();
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

    public Quota quota(Principal p) {
        Space space = home(p);
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
        Space space = home(p);
        long now = System.currentTimeMillis();
        try {
            return write(space, c -> {
                Resolved parent = parentFolder(c, p, space, path);
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
        if (path.isRoot()) {
            throw new ForbiddenException("the root folder cannot be deleted");
        }
        Space space = home(p);
        long now = System.currentTimeMillis();
        return write(space, c -> {
            Resolved parent = parentFolder(c, p, space, path);
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

    /** MOVE within the principal's tree: one row changes, whatever the size of the subtree. */
    public WriteResult move(Principal p, FilePath from, FilePath to, boolean overwrite, Precondition srcPre,
                            Precondition dstPre) {
        checkTransfer(from, to);
        Space space = home(p);
        long now = System.currentTimeMillis();
        return txRacingForName(space, c -> {
            Resolved srcParent = parentFolder(c, p, space, from);
            Node src = nodes.child(c, srcParent.id(), from.last());
            if (src == null) {
                throw new NotFoundException(from.toString());
            }
            srcPre.check(src);
            srcParent.perms().require(Perms.RENAME, "move");
            if (src.isFolder()) {
                spaces.bumpMoveGeneration(c, space.id());
            }
            Resolved dstParent = parentFolder(c, p, space, to);
            dstParent.perms().require(Perms.CREATE, "move into the destination");
            for (long id : dstParent.chain()) {
                if (id == src.id()) {
                    throw new ForbiddenException("cannot move a folder into itself");
                }
            }
            Node existing = nodes.child(c, dstParent.id(), to.last());
            dstPre.check(existing);
            List<DavLock> active = lockRules.active(c, space.id());
            lockRules.requireUnlocked(c, active, srcParent.chain(), false, p, srcPre.lockTokens());
            lockRules.requireUnlocked(c, active, Resolved.append(srcParent.chain(), src.id()), true, p, srcPre.lockTokens());
            lockRules.requireUnlocked(c, active, dstParent.chain(), false, p, srcPre.lockTokens());
            if (existing != null) {
                lockRules.requireUnlocked(c, active, Resolved.append(dstParent.chain(), existing.id()), true, p, srcPre.lockTokens());
                lockRules.releaseSubtree(c, active, existing.id());
            }
            // RFC 4918 §9.9.4: a lock does not move with its resource
            lockRules.releaseSubtree(c, active, src.id());
            boolean replaced = replaceExisting(c, p, space, dstParent, existing, overwrite, now);
            nodes.relink(c, src.id(), dstParent.id(), to.last(), now);
            Node fresh = nodes.byId(c, src.id());
            long size = fresh.size();
            ChangeJournal.record(c, space.id(), src.id(), ChangeJournal.MOVE, p.userId(), srcParent.chain(), -size, now);
            ChangeJournal.record(c, space.id(), src.id(), ChangeJournal.MOVE, p.userId(), dstParent.chain(), size, now);
            return new WriteResult(fresh, !replaced);
        });
    }

    /** COPY: new rows referencing the same blobs; {@code deep=false} copies a folder without its members. */
    public WriteResult copy(Principal p, FilePath from, FilePath to, boolean overwrite, boolean deep, Precondition srcPre,
                            Precondition dstPre) {
        checkTransfer(from, to);
        Space space = home(p);
        long now = System.currentTimeMillis();
        return txRacingForName(space, c -> {
            Resolved src = walk(c, p, space, from);
            srcPre.check(src.node());
            src.perms().require(Perms.READ, "read the source");
            Resolved dstParent = parentFolder(c, p, space, to);
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
            long size = src.isFolder() && !deep ? 0 : src.node().size();
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
                    try (var ps = c.prepareStatement("UPDATE node SET size = ? WHERE id = ?")) {
                        ps.setLong(1, size);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
            } else {
                id = nodes.copyFileRow(c, src.node(), dstParent.id(), to.last(), now, newEtag(), p.userId());
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
        Space space = home(p);
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

    Resolved walk(Connection c, Principal p, Space space, FilePath path) throws SQLException {
        NodeRepository.Walk w = nodes.walk(c, space.rootNodeId(), path.names());
        if (w.node() == null || !w.complete(path.depth())) {
            throw new NotFoundException(path.toString());
        }
        return new Resolved(w.node(), w.chain(), permsFor(p, space), path);
    }

    /** The folder that holds {@code path}; 409 Conflict when it is missing or a file (RFC 4918 §9.7.1). */
    Resolved parentFolder(Connection c, Principal p, Space space, FilePath path) throws SQLException {
        FilePath parent = path.parent();
        NodeRepository.Walk w = nodes.walk(c, space.rootNodeId(), parent.names());
        if (w.node() == null || !w.complete(parent.depth()) || !w.node().isFolder()) {
            throw new ConflictException("parent folder of " + path + " does not exist");
        }
        return new Resolved(w.node(), w.chain(), permsFor(p, space), parent);
    }

    Perms permsFor(Principal p, Space space) {
        if (space.ownerUserId() != null && space.ownerUserId() == p.userId()) {
            return Perms.ALL;
        }
        throw new NotFoundException("no such space");
    }

    Space home(Principal p) {
        Space s = spaceCache.get(p.homeSpaceId(), id -> db.read(c -> spaces.byId(c, id)));
        if (s == null) {
            throw new NotFoundException("no home");
        }
        return s;
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
        for (int attempt = 1; ; attempt++) {
            try {
                return write(space, work);
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
