package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunked uploads in progress: a transfer per (user, client id), headed for one space, and its chunks, each a blob
 * of its own ({@code blob_object.state} 3). Removing a transfer hands its chunks' blobs to the garbage collector in
 * the same transaction.
 */
public final class UploadRepository {
    /** A transfer's row. */
    public record TransferRow(
            long id,
            long userId,
            String name,
            long spaceId,
            Long totalLength,
            long bytes,
            boolean assembling,
            long updatedAtMillis) {}

    /** A chunk's row, with the key of its blob. */
    public record ChunkRow(String name, long blobId, String blobKey, long size, String etag, long mtime) {}

    private static final String TRANSFER = "SELECT id, user_id, name, space_id, total_length, bytes,"
            + " assembling_until IS NOT NULL AND assembling_until > NOW(3), ROUND(UNIX_TIMESTAMP(updated_at) * 1000)"
            + " FROM upload_transfer";

    /** Bytes parked for a space: the chunks of every transfer headed there. */
    public long parkedBytes(Connection c, long spaceId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(SUM(bytes), 0) FROM upload_transfer WHERE space_id = ?")) {
            ps.setLong(1, spaceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Creates a transfer; false when the user has one of that name already. */
    public boolean create(Connection c, long userId, String name, long spaceId, Long totalLength) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO upload_transfer (user_id, name, space_id,"
                + " total_length) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            ps.setLong(3, spaceId);
            NodeRepository.setNullable(ps, 4, totalLength);
            return ps.executeUpdate() == 1;
        }
    }

    public TransferRow find(Connection c, long userId, String name) throws SQLException {
        return one(c, TRANSFER + " WHERE user_id = ? AND name = ?", userId, name);
    }

    /** The transfer, locked exclusively until the transaction ends (chunk writes and assembly decide on it). */
    public TransferRow lock(Connection c, long userId, String name) throws SQLException {
        return one(c, TRANSFER + " WHERE user_id = ? AND name = ? FOR UPDATE", userId, name);
    }

    private static TransferRow one(Connection c, String sql, long userId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** The user's transfers, in name order, at most {@code limit}. */
    public List<TransferRow> ofUser(Connection c, long userId, int limit) throws SQLException {
        return many(c, TRANSFER + " WHERE user_id = ? ORDER BY name LIMIT ?", userId, limit);
    }

    /** Transfers untouched since before {@code cutoffMillis} and not being assembled, at most {@code limit}. */
    public List<TransferRow> stale(Connection c, long cutoffMillis, int limit) throws SQLException {
        return many(
                c,
                TRANSFER + " WHERE updated_at < FROM_UNIXTIME(? / 1000)"
                        + " AND (assembling_until IS NULL OR assembling_until < NOW(3)) LIMIT ?",
                cutoffMillis,
                limit);
    }

    private static List<TransferRow> many(Connection c, String sql, long a, int limit) throws SQLException {
        List<TransferRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    private static TransferRow map(ResultSet rs) throws SQLException {
        long total = rs.getLong(5);
        Long totalLength = rs.wasNull() ? null : total;
        return new TransferRow(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getLong(4),
                totalLength,
                rs.getLong(6),
                rs.getBoolean(7),
                rs.getLong(8));
    }

    /** The transfer's chunks, in name order. */
    public List<ChunkRow> chunks(Connection c, long transferId) throws SQLException {
        List<ChunkRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT u.name, u.blob_id, b.storage_key, u.size, u.etag, u.mtime"
                        + " FROM upload_chunk u JOIN blob_object b ON b.id = u.blob_id WHERE u.transfer_id = ? ORDER BY u.name")) {
            ps.setLong(1, transferId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChunkRow(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getString(5),
                            rs.getLong(6)));
                }
            }
        }
        return out;
    }

    public ChunkRow chunk(Connection c, long transferId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT u.name, u.blob_id, b.storage_key, u.size, u.etag, u.mtime"
                        + " FROM upload_chunk u JOIN blob_object b ON b.id = u.blob_id WHERE u.transfer_id = ? AND u.name = ?")) {
            ps.setLong(1, transferId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new ChunkRow(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getString(5),
                                rs.getLong(6))
                        : null;
            }
        }
    }

    /** Records a chunk's blob (state 3: a chunk, never shared, reclaimed when its transfer goes); returns its id. */
    public long insertChunkBlob(Connection c, String key, long size) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO blob_object (storage_key, size, state) VALUES (?, ?, 3)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, key);
            ps.setLong(2, size);
            ps.executeUpdate();
            return NodeRepository.generatedId(ps);
        }
    }

    /**
     * Stores a chunk under its name, replacing one of that name (whose blob goes to the garbage collector), and
     * keeps the transfer's byte count; the transfer must be locked by the caller.
     */
    public void putChunk(Connection c, long transferId, String name, long blobId, long size, String etag, long mtime)
            throws SQLException {
        ChunkRow old = chunk(c, transferId, name);
        if (old != null) {
            dropChunk(c, transferId, old);
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO upload_chunk (transfer_id, name, blob_id, size, etag,"
                        + " mtime) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, transferId);
            ps.setString(2, name);
            ps.setLong(3, blobId);
            ps.setLong(4, size);
            ps.setString(5, etag);
            ps.setLong(6, mtime);
            ps.executeUpdate();
        }
        addBytes(c, transferId, size);
    }

    /** Removes one chunk; false when there was none. The transfer must be locked by the caller. */
    public boolean deleteChunk(Connection c, long transferId, String name) throws SQLException {
        ChunkRow old = chunk(c, transferId, name);
        if (old == null) {
            return false;
        }
        dropChunk(c, transferId, old);
        return true;
    }

    private void dropChunk(Connection c, long transferId, ChunkRow old) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload_chunk WHERE transfer_id = ? AND name = ?")) {
            ps.setLong(1, transferId);
            ps.setString(2, old.name());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE blob_object SET state = 2 WHERE id = ? AND state = 3")) {
            ps.setLong(1, old.blobId());
            ps.executeUpdate();
        }
        addBytes(c, transferId, -old.size());
    }

    private static void addBytes(Connection c, long transferId, long delta) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE upload_transfer SET bytes = bytes + ?, updated_at = NOW(3) WHERE id = ?")) {
            ps.setLong(1, delta);
            ps.setLong(2, transferId);
            ps.executeUpdate();
        }
    }

    /** Marks a transfer as being assembled for {@code seconds} (a crashed assembly frees it after that). */
    public void assembling(Connection c, long transferId, long seconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE upload_transfer SET assembling_until = NOW(3) + INTERVAL ? SECOND WHERE id = ?")) {
            ps.setLong(1, seconds);
            ps.setLong(2, transferId);
            ps.executeUpdate();
        }
    }

    /** The transfer is no longer being assembled (the assembly failed; the client may try again). */
    public void assembled(Connection c, long transferId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE upload_transfer SET assembling_until = NULL WHERE id = ?")) {
            ps.setLong(1, transferId);
            ps.executeUpdate();
        }
    }

    /** Removes a transfer and its chunks; their blobs go to the garbage collector. */
    public void delete(Connection c, long transferId) throws SQLException {
        for (String sql : new String[] {
            "UPDATE blob_object b JOIN upload_chunk u ON u.blob_id = b.id SET b.state = 2 WHERE u.transfer_id = ? AND b.state = 3",
            "DELETE FROM upload_chunk WHERE transfer_id = ?",
            "DELETE FROM upload_transfer WHERE id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, transferId);
                ps.executeUpdate();
            }
        }
    }

    /** Removes every transfer of a user (their account is deleted). */
    public void deleteAllOf(Connection c, long userId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM upload_transfer WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        for (long id : ids) {
            delete(c, id);
        }
    }
}
