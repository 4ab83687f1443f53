package org.kiste.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.kiste.blob.BlobStore;
import org.kiste.model.InsufficientStorageException;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.UploadRepository;

/**
 * The one quota rule: a write may add bytes to a space while its files and the chunks parked for it in the
 * uploads area stay within its quota, and the disk has room. It is decided inside the write's transaction, against
 * the space that receives the bytes, for every door and every kind of write (PUT, chunks, assembly, COPY, MOVE,
 * restores, PROPPATCH: dead properties count as {@link PropertyBytes}). A space with a quota has its row held exclusively by the deciding write until it commits, so two
 * writes cannot both take the last room.
 */
final class QuotaRule {
    private final Database db;
    private final BlobStore blobs;
    private final NodeRepository nodes;
    private final SpaceRepository spaces;
    private final UploadRepository uploads;
    private final PropertyBytes propBytes;

    QuotaRule(
            Database db,
            BlobStore blobs,
            NodeRepository nodes,
            PropertyBytes propBytes,
            UploadRepository uploads,
            SpaceRepository spaces) {
        this.db = db;
        this.blobs = blobs;
        this.nodes = nodes;
        this.spaces = spaces;
        this.uploads = uploads;
        this.propBytes = propBytes;
    }

    /**
     * In a write's transaction: 507 unless {@code space} can take {@code added} more bytes (a write that frees
     * bytes or adds none always may). The disk is not asked here: by now an upload's bytes are on it, and a copy,
     * a move or a restore names blobs that are there already; the disk's room is judged before a body is received
     * ({@link #room}) and by the blob store while it writes.
     */
    void require(Connection c, Space space, long added) throws SQLException {
        if (added <= 0) {
            return;
        }
        // the cached row says whether there is a quota at all (a second's staleness, as for every space setting)
        if (space.quotaBytes() < 0) {
            return;
        }
        long quota = spaces.lockQuota(c, space.id());
        if (quota < 0) {
            return;
        }
        long used = used(c, space);
        if (used + added > quota) {
            throw new InsufficientStorageException(
                    "not enough space: " + added + " bytes needed, " + Math.max(0, quota - used) + " available", true);
        }
    }

    /**
     * 507 unless the disk has room for {@code added} bytes that are not on it yet: dead properties, which the
     * database stores as the PROPPATCH commits.
     */
    void requireDiskRoom(long added) {
        long free = diskFree();
        if (added > 0 && added > free) {
            throw new InsufficientStorageException(
                    "not enough disk space: " + added + " bytes needed, " + free + " available", false);
        }
    }

    /**
     * Outside any transaction: the bytes a write replacing {@code replacing} bytes may add, to refuse early and to
     * stop reading a body that cannot fit. The decision itself is {@link #require}'s.
     */
    long room(Space space, long replacing) {
        long free = diskFree();
        if (space.quotaBytes() < 0) {
            return free;
        }
        long used = db.read(c -> used(c, space));
        return Math.max(0, Math.min(space.quotaBytes() - used + replacing, free));
    }

    /**
     * In a transaction: the space's quota after locking its row, so that whoever decides on the space's room
     * (writes, the versions' cap) takes turns with the others.
     */
    Quota locked(Connection c, Space space) throws SQLException {
        long limit = spaces.lockQuota(c, space.id());
        return new Quota(used(c, space), limit, diskFree());
    }

    /** The space's quota as RFC 4331 and the OCS user record show it. */
    Quota quota(Space space) {
        long used = db.read(c -> used(c, space));
        return new Quota(used, space.quotaBytes(), diskFree());
    }

    /**
     * What counts against the space's quota: its files (not its trash), their dead properties and the chunks parked
     * for it.
     */
    private long used(Connection c, Space space) throws SQLException {
        return nodes.byId(c, space.rootNodeId()).size()
                + propBytes.counted(c, space.id())
                + uploads.parkedBytes(c, space.id());
    }

    private long diskFree() {
        try {
            return blobs.usableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
