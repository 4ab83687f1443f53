package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import org.kiste.blob.BlobStore;
import org.kiste.cache.Invalidations;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;
import org.kiste.store.BlobRepository;
import org.kiste.store.Database;
import org.kiste.store.DeadPropRepository;
import org.kiste.store.LockRepository;
import org.kiste.store.NodeLocks;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.SqlWork;
import org.kiste.store.StoreException;
import org.kiste.store.TrashRepository;
import org.kiste.store.UploadRepository;

/**
 * What every operation of the files core works with: the stores, the caches, and the transaction template that
 * tells the caches about each write once it has committed.
 */
final class Core {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Rounds a write may lose to concurrent writers of the same name before it answers a storage error. */
    private static final int NAME_RACE_ATTEMPTS = 8;

    final Database db;
    final BlobStore blobs;
    final NodeRepository nodes;
    final NodeLocks nodeLocks;
    final SpaceRepository spaces = new SpaceRepository();
    final DeadPropRepository props = new DeadPropRepository();
    final TrashRepository trash;
    final BlobRepository blobRows = new BlobRepository();
    final UploadRepository uploads = new UploadRepository();
    final LockRepository lockRows = new LockRepository();
    final LockRules lockRules;
    final PropertyBytes propBytes = new PropertyBytes(spaces, props);
    final QuotaRule quota;
    final FileIds ids;
    final ContentHook contentHook;
    final ShareMarks shareMarks;
    final Invalidations invalidations;
    final FileNodeCache fileCache = new FileNodeCache();
    /** The bytes of small files kept in their rows. */
    final InlineContents inline;
    /** Space rows change rarely (quota); a second of staleness is the documented bound. */
    private final Cache<Long, Space> spaceCache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1))
            .build();

    Core(
            Database db,
            BlobStore blobs,
            NodeRepository nodes,
            FileIds ids,
            ContentHook contentHook,
            ShareMarks shareMarks,
            Invalidations invalidations) {
        this.db = db;
        this.blobs = blobs;
        this.nodes = nodes;
        this.nodeLocks = new NodeLocks(nodes);
        this.trash = new TrashRepository(nodes.epoch());
        this.lockRules = new LockRules(lockRows, nodes);
        this.inline = new InlineContents(db, blobRows);
        this.quota = new QuotaRule(db, blobs, nodes, propBytes, uploads, spaces);
        this.ids = ids;
        this.contentHook = contentHook;
        this.shareMarks = shareMarks;
        this.invalidations = invalidations;
        invalidations.subscribe(Invalidations.Topic.SPACE, fileCache::invalidate);
        invalidations.subscribe(Invalidations.Topic.SPACE_ROW, id -> {
            if (id == 0) {
                spaceCache.invalidateAll();
            } else {
                spaceCache.invalidate(id);
            }
        });
    }

    Space space(long id) {
        return spaceCache.get(id, i -> db.read(c -> spaces.byId(c, i)));
    }

    /** A space, read with the caller's connection when it is not cached (inside a transaction). */
    Space space(java.sql.Connection c, long id) throws java.sql.SQLException {
        Space s = spaceCache.getIfPresent(id);
        if (s == null) {
            s = spaces.byId(c, id);
            if (s != null) {
                spaceCache.put(id, s);
            }
        }
        return s;
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

    /** Runs a write transaction on a space; the caches learn about it once it has committed (or may have). */
    <T> T write(Space space, SqlWork<T> work) {
        try {
            return db.tx(work);
        } finally {
            invalidations.publish(Invalidations.Topic.SPACE, space.id());
        }
    }

    /**
     * A write transaction that creates or replaces a name, in one space or two (a MOVE between them). When a
     * concurrent writer committed that name first, a unique key refuses the row; run again, the work sees the
     * winner's node and answers as for an existing target (replace, or 412 for a failed condition or Overwrite: F)
     * instead of a storage error. Every round lets at least one racer commit.
     */
    <T> T writeName(Space space, Space other, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                try {
                    return write(space, work);
                } finally {
                    if (other.id() != space.id()) {
                        invalidations.publish(Invalidations.Topic.SPACE, other.id());
                    }
                }
            } catch (StoreException e) {
                if (!e.isDuplicateKey() || attempt == NAME_RACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * In a write's transaction: a file it moved, copied or stored takes the modification time its client carries
     * ({@code null}: it keeps its own), and is read back as it is now; a folder is returned as it is.
     */
    Node withClientMtime(Connection c, Node n, Long mtimeMs) throws SQLException {
        if (mtimeMs == null || n.isFolder()) {
            return n;
        }
        nodes.setMtime(c, n.id(), mtimeMs);
        return nodes.byId(c, n.id());
    }

    static String newEtag() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
