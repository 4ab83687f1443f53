package org.kiste.files;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kiste.blob.BlobReader;
import org.kiste.blob.BlobStore;
import org.kiste.cache.Invalidations;
import org.kiste.model.ContentDetails;
import org.kiste.model.DeadProperty;
import org.kiste.model.FilePath;
import org.kiste.model.FilesException;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.VersionRepository;

/**
 * The files core: every door (WebDAV, Nextcloud, public links, web UI) calls these methods with the acting
 * principal, and permissions, locks, quotas and the change journal are applied here once. Each write is one
 * transaction that first takes the row locks of what it decides on ({@link WriteLocks}), then checks, then writes;
 * the operations live in classes of their own, this is their one entrance.
 */
public final class FilesService {
    private final Core core;
    private final Places places;
    private final Reads reads;
    private final Uploads uploads;
    private final Mkdir mkdir;
    private final Deletion deletion;
    private final Move move;
    private final Copy copy;
    private final PropertyWrites properties;
    private final LostGrants lostGrants;
    private final TrashBin trashBin;
    private final Versions versions;
    private final VersionRepository versionRows;
    private final Favorites favorites;
    private final Search search;
    private final LockService locks;
    private final WriteLocks writeLocks;
    private final long maxTreeListing;

    /**
     * @param mounts          where users' team folders and received shares come from
     * @param shareMarks      which of a user's items they shared, and how
     * @param contentHook     told of every content replacement that keeps a file's identity (after the replaced
     *                        content was kept as a version)
     * @param maxLockTimeout  the longest WebDAV lock granted, in seconds
     * @param maxTreeListing  the most entries a listing of a whole tree ({@link #treeListing}) may hold
     */
    public FilesService(
            Database db,
            BlobStore blobs,
            NodeRepository nodes,
            FileIds ids,
            MountSource mounts,
            ShareMarks shareMarks,
            ContentHook contentHook,
            Invalidations invalidations,
            long maxLockTimeout,
            long maxLinkLockTimeout,
            PropertyLimits propertyLimits,
            long maxTreeListing) {
        this.maxTreeListing = Math.max(0, maxTreeListing);
        this.versionRows = new VersionRepository();
        ContentHook versioned = new VersionRecorder(versionRows);
        this.core = new Core(
                db,
                blobs,
                nodes,
                ids,
                (c, before, after, by) -> {
                    versioned.replaced(c, before, after, by);
                    contentHook.replaced(c, before, after, by);
                },
                shareMarks,
                invalidations);
        UserTree tree = new UserTree(db, nodes, mounts, core.fileCache::generation, invalidations);
        this.places = new Places(core, tree);
        this.writeLocks = new WriteLocks(core);
        Overwrites overwrites = new Overwrites(core);
        this.reads = new Reads(core, places);
        this.uploads = new Uploads(core, places, writeLocks);
        this.mkdir = new Mkdir(core, places, writeLocks);
        this.deletion = new Deletion(core, places, writeLocks);
        this.move = new Move(core, places, writeLocks, overwrites, new MountPointMove(core, places, writeLocks));
        this.copy = new Copy(core, places, writeLocks, overwrites, new MountCopies(core, places));
        this.properties = new PropertyWrites(core, places, propertyLimits, writeLocks);
        this.trashBin = new TrashBin(core, places);
        this.versions = new Versions(core, places, writeLocks, reads, versionRows);
        this.favorites = new Favorites(core, new org.kiste.store.FavoriteRepository(nodes.epoch()));
        this.search = new Search(core, places, new org.kiste.store.NodeSearch(nodes.epoch()));
        this.lostGrants = new LostGrants(core, reads);
        this.locks = new LockService(
                core,
                places,
                writeLocks,
                Math.max(1, maxLockTimeout),
                Math.max(1, Math.min(maxLockTimeout, maxLinkLockTimeout)));
    }

    /**
     * After a grant of {@code nodeId} went (a revoked share and its reshares): releases the locks there whose
     * holders can no longer write them another way ({@link LostGrants}); returns how many.
     */
    public int releaseLocksWithoutWrite(long nodeId) {
        return lostGrants.release(nodeId);
    }

    /** The users' trash bins: list, restore, delete for good. */
    public TrashBin trashBin() {
        return trashBin;
    }

    /** The versions of files: list, read, restore, name, delete. */
    public Versions versions() {
        return versions;
    }

    /**
     * The housekeeping of versions: {@code schedule} thins them out, and a space's versions hold at most
     * {@code maxShare} percent of its free quota (of the free disk where it has none).
     */
    public VersionExpiry versionExpiry(VersionSchedule schedule, int maxShare) {
        return new VersionExpiry(core, versionRows, schedule, maxShare);
    }

    /** Search by name, type, time, size, id and favourite mark. */
    public Search search() {
        return search;
    }

    /** The per-user favourite flags. */
    public Favorites favorites() {
        return favorites;
    }

    /** WebDAV locks. */
    public LockService locks() {
        return locks;
    }

    /** How node ids look outside (oc:id, OC-FileId). */
    public FileIds ids() {
        return core.ids;
    }

    /**
     * The views of entries for one principal (one request): what they may do with each, how it is mounted, whose it
     * is, what they shared and whether it is locked.
     */
    public EntryViews views(Principal p) {
        return new EntryViews(p, () -> shareTypesMadeBy(p), () -> locks.activeIn(p));
    }

    /** The share types the user made on their items, by node id (see {@link ShareMarks}). */
    public Map<Long, ? extends Set<Integer>> shareTypesMadeBy(Principal p) {
        return p.isLinkVisitor() ? Map.of() : core.shareMarks.typesMadeBy(p);
    }

    /**
     * The principal of a public link's visitor: their whole tree is the linked item (a folder: "/" is that folder;
     * a file: "/" is that file), where they may do what {@code link.perms()} allows. Built by the sharing core from
     * a live link; the visitor's changes are journaled as made by nobody.
     */
    public static Principal linkVisitor(MountInfo link) {
        if (link.kind() != MountInfo.Kind.LINK) {
            throw new IllegalArgumentException("not a link mount");
        }
        return new Principal(0, "", "", false, 0, 0, link);
    }

    // ---- reading -------------------------------------------------------------------------------------------

    public Resolved resolve(Principal p, FilePath path) {
        return places.resolve(p, path);
    }

    public Optional<Resolved> find(Principal p, FilePath path) {
        return places.find(p, path);
    }

    /**
     * An item found by a search or in the favourites, with what the principal may do there (a team folder's role, a
     * share's bits) and its mount, without walking its path again; its chain is the item alone.
     */
    public Resolved placed(Principal p, Located found) {
        return UserTree.resolved(
                places.place(p, found.path()),
                found.node(),
                new long[] {found.node().id()},
                found.path());
    }

    /**
     * A listed child of {@code folder} as a resolved node: in the user's root a mounted team folder carries its
     * mount and the member's role; anywhere else the child inherits its folder's space, mount and permissions.
     */
    public Resolved child(Principal p, Resolved folder, Node n) {
        return places.tree().child(p, folder.mount() == null ? core.home(p) : null, folder, n);
    }

    /** {@link #child} for each node of a page of {@code folder}'s listing. */
    public List<Resolved> children(Principal p, Resolved folder, List<Node> page) {
        return places.tree().children(p, folder.mount() == null ? core.home(p) : null, folder, page);
    }

    /** The team folders and received shares mounted in the user's tree, each with its place and permissions. */
    public List<MountInfo> mounts(Principal p) {
        return p.isLinkVisitor() ? List.of() : places.tree().mounts(p, core.home(p));
    }

    /** Mounts changed (a share was made, changed or revoked): every user's tree reads them again. */
    public void mountsChanged() {
        core.invalidations.publish(Invalidations.Topic.MOUNTS, 0);
    }

    /** The chain of ids from its space's root down to a live node (not in a trash, not purged). */
    public Optional<long[]> liveChain(long nodeId) {
        return Optional.ofNullable(reads.liveChains(List.of(nodeId)).get(nodeId));
    }

    /** Which of the given nodes are live (not in a trash, not purged). */
    public Set<Long> liveNodes(Collection<Long> ids) {
        return reads.liveChains(ids).keySet();
    }

    /** The live chains of the given nodes (see {@link #liveChain}), in one query. */
    public Map<Long, long[]> liveChains(Collection<Long> ids) {
        return reads.liveChains(ids);
    }

    /** A node's own name. */
    public Optional<String> nodeName(long id) {
        return reads.nodeName(id);
    }

    /** Where a live node lies in the principal's tree, or empty when they cannot reach it there. */
    public Optional<Resolved> locate(Principal p, long nodeId) {
        return reads.locate(p, nodeId);
    }

    /** Receives a folder's children page by page; no database connection is held while a page is consumed. */
    @FunctionalInterface
    public interface PageSink {
        void accept(List<Node> page) throws IOException;
    }

    /** A folder's children page by page, with their content details (enough to read or checksum each file). */
    public void list(Principal p, Resolved folder, int pageSize, PageSink sink) throws IOException {
        reads.list(p, folder, pageSize, ContentDetails.INCLUDED, sink);
    }

    /** As {@link #list(Principal, Resolved, int, PageSink)}; {@link ContentDetails#OMITTED}: blobs known by id alone. */
    public void list(Principal p, Resolved folder, int pageSize, ContentDetails details, PageSink sink)
            throws IOException {
        reads.list(p, folder, pageSize, details, sink);
    }

    /**
     * The listing of everything below {@code target} (PROPFIND Depth: infinity), refused with
     * {@link org.kiste.model.FiniteDepthException} before anything is written: for a public link's visitor, and when
     * more entries than the configured limit lie below.
     */
    public TreeListing treeListing(Principal p, Resolved target) {
        return TreeListing.open(core, places, reads, p, target, maxTreeListing);
    }

    public Map<Long, List<DeadProperty>> deadProperties(List<Long> nodeIds) {
        return reads.deadProperties(nodeIds);
    }

    /**
     * A file's content, checked to be there with its recorded size before anything is promised to the client
     * ({@link org.kiste.blob.BlobMissingException} otherwise); null for an empty file.
     */
    public BlobReader open(Principal p, Resolved file) throws IOException {
        file.perms().require(Perms.READ, "read");
        return reads.open(file.node());
    }

    /** The quota of the principal's home. */
    public Quota quota(Principal p) {
        return core.quota.quota(core.home(p));
    }

    /** The quota that applies at a path: the team folder's inside a mount, the home's elsewhere (RFC 4331). */
    public Quota quota(Principal p, FilePath path) {
        return core.quota.quota(places.place(p, path).space());
    }

    // ---- the quota rule, for the uploads area --------------------------------------------------------------

    /**
     * The id of the space whose quota bytes headed for {@code path} count against: the space the path lies in when
     * the principal may write a file there (replace the file that is there, or create one in the folder that is
     * there), else their home, so that nobody parks bytes in a
     * place they may only read. A path outside their tree ({@code null}, or not resolvable) is their home too.
     */
    public long uploadSpaceFor(Principal p, FilePath path) {
        if (path != null && !path.isRoot()) {
            try {
                UserTree.Place at = places.place(p, path);
                Optional<Resolved> existing = find(p, path);
                boolean replaces = existing.isPresent() && !existing.get().isFolder();
                if (at.perms().can(replaces ? Perms.WRITE : Perms.CREATE)
                        && (replaces
                                || find(p, path.parent())
                                        .map(Resolved::isFolder)
                                        .orElse(false))) {
                    return at.space().id();
                }
            } catch (FilesException e) {
                // not a place in the principal's tree
            }
        }
        return core.home(p).id();
    }

    /**
     * In the caller's transaction: 507 unless the space can take {@code added} more bytes (see {@link QuotaRule});
     * the space's quota row stays locked until that transaction ends.
     */
    public void requireRoom(Connection c, long spaceId, long added) throws SQLException {
        Space space = core.space(c, spaceId);
        if (space == null) {
            throw new NotFoundException("the space the upload is headed for");
        }
        core.quota.require(c, space, added);
    }

    /** Outside a transaction: the bytes the space may still take, to refuse early and cap a streamed body. */
    public long room(long spaceId) {
        return core.quota.room(core.space(spaceId), 0);
    }

    /**
     * In the caller's transaction (a share or link made on a node): holds the node and everything above it so that
     * nobody moves it into a trash before that transaction commits; 404 when it is not live.
     */
    public void holdLive(Connection c, long nodeId) throws SQLException {
        writeLocks.holdLive(c, nodeId);
    }

    // ---- writing -------------------------------------------------------------------------------------------

    public Node mkdir(Principal p, FilePath path, Precondition pre) {
        return mkdir.run(p, path, pre);
    }

    /**
     * Stores a file: body → durable blob (no transaction open), then one transaction that locks the target,
     * evaluates {@code pre} against it, points the node at the blob and journals the change.
     *
     * @param length announced body length or -1 (chunked)
     * @param mtime  client-supplied modification time in ms, or null for now
     */
    public WriteResult put(
            Principal p, FilePath path, InputStream body, long length, Long mtime, String clientType, Precondition pre)
            throws IOException {
        return uploads.put(p, path, body, length, mtime, clientType, pre, null, null);
    }

    /** As {@link #put}, refusing (400, nothing stored) content that does not match {@code expected} (may be null). */
    public WriteResult put(
            Principal p,
            FilePath path,
            InputStream body,
            long length,
            Long mtime,
            String clientType,
            Precondition pre,
            Checksum expected)
            throws IOException {
        return uploads.put(p, path, body, length, mtime, clientType, pre, expected, null);
    }

    /**
     * As {@link #put}, with more work in the same transaction, run once the target is locked and before the quota
     * is decided (an assembled upload removes its transfer, whose parked bytes then no longer count).
     */
    public WriteResult put(
            Principal p,
            FilePath path,
            InputStream body,
            long length,
            Long mtime,
            String clientType,
            Precondition pre,
            Checksum expected,
            CommitStep withCommit)
            throws IOException {
        return uploads.put(p, path, body, length, mtime, clientType, pre, expected, withCommit);
    }

    /**
     * The first half of {@link #put} (for uploads that receive the next file while this one commits): the early
     * refusals and the body received, checked against {@code expected}, and becoming durable. Exactly one of
     * {@link #commit} and {@link #discard} must follow.
     */
    public PreparedUpload prepare(
            Principal p,
            FilePath path,
            InputStream body,
            long length,
            Long mtime,
            String clientType,
            Precondition pre,
            Checksum expected)
            throws IOException {
        return uploads.prepare(p, path, body, length, mtime, clientType, pre, expected, null);
    }

    /** The second half of {@link #put}: the transaction that decides and stores a prepared upload. */
    public WriteResult commit(PreparedUpload up) {
        return uploads.commit(up);
    }

    /** A prepared upload that will not be committed: its bytes are left to the garbage collector. */
    public void discard(PreparedUpload up) {
        uploads.discard(up);
    }

    public Node delete(Principal p, FilePath path, Precondition pre) {
        try {
            return deletion.run(p, path, pre);
        } finally {
            // the item may have been shared: its recipients' mounts go at once
            mountsChanged();
        }
    }

    /**
     * MOVE within the principal's tree (see {@link Move}); a moved file takes {@code mtimeMs} (the time its client
     * carries, or null) in the same transaction.
     */
    public WriteResult move(
            Principal p,
            FilePath from,
            FilePath to,
            boolean overwrite,
            Long mtimeMs,
            Precondition srcPre,
            Precondition dstPre) {
        return move.run(p, from, to, overwrite, mtimeMs, srcPre, dstPre);
    }

    /**
     * COPY: new rows referencing the same blobs; {@code deep=false} copies a folder without its members; a copied
     * file takes {@code mtimeMs} (the time its client carries, or null) in the same transaction.
     */
    public WriteResult copy(
            Principal p,
            FilePath from,
            FilePath to,
            boolean overwrite,
            boolean deep,
            Long mtimeMs,
            Precondition srcPre,
            Precondition dstPre) {
        return copy.run(p, from, to, overwrite, deep, mtimeMs, srcPre, dstPre);
    }

    /**
     * Applies PROPPATCH instructions atomically (all or none, RFC 4918 §9.2), and sets the client-visible
     * modification time when {@code mtime} is given.
     *
     * @param ownerMayOmitToken the lock owner may change these properties without submitting the token
     */
    public void patchProperties(
            Principal p,
            Resolved target,
            List<PropPatch> ops,
            Long mtime,
            Precondition pre,
            boolean ownerMayOmitToken) {
        properties.run(p, target, ops, mtime, pre, ownerMayOmitToken);
    }
}
