package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.FileVersion;

/**
 * File versions: rows naming the blob of an earlier content of a file ({@code file_version}). A version's row goes
 * with its file's row (a foreign key), and while it is there the blob collector keeps its blob.
 */
public final class VersionRepository {
    /** How many rows one listing returns at most (the schedule keeps far fewer per file). */
    public static final int MAX_LIST = 10_000;

    /** What a new version holds. */
    public record NewVersion(
            long nodeId, Long blobId, long size, long mtime, String etag, String mime, Long authorId, long createdAt) {}

    private static final String COLUMNS = "v.id, v.node_id, v.revision, v.blob_id, b.storage_key, v.size, v.mtime,"
            + " v.etag, v.mime, u.login, v.label, v.created_at";
    private static final String FROM = " FROM file_version v LEFT JOIN blob_object b ON b.id = v.blob_id"
            + " LEFT JOIN user_account u ON u.id = v.author_id";

    /** A file's versions, newest first. */
    public List<FileVersion> of(Connection c, long nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM
                + " WHERE v.node_id = ? ORDER BY v.revision DESC, v.id DESC LIMIT " + MAX_LIST)) {
            ps.setLong(1, nodeId);
            return list(ps);
        }
    }

    /**
     * One version of a file by its revision, its row locked for update (only the version's row: the blob and the
     * author are read without locks); null when there is none.
     */
    public FileVersion lock(Connection c, long nodeId, long revision) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM file_version WHERE node_id = ? AND revision = ? FOR UPDATE")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
            }
        }
        return find(c, nodeId, revision);
    }

    /** One version of a file by its revision, read; null when there is none. */
    public FileVersion find(Connection c, long nodeId, long revision) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE v.node_id = ? AND v.revision = ?")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, revision);
            List<FileVersion> l = list(ps);
            return l.isEmpty() ? null : l.get(0);
        }
    }

    /**
     * A write replaced a file's content: in one round trip, records {@code author} as the new content's writer and
     * keeps the replaced content {@code v} as a version, unless the file's newest version holds its blob already. The
     * version's author is the replaced content's writer, read before it is overwritten ({@code v.authorId()} is not
     * used). The version is named after its mtime in seconds; a name the file's versions have already moves on a
     * second (as Nextcloud does), to the first free one, decided by the statements themselves: the file's row is
     * locked by the caller, so no other version of it is written meanwhile.
     */
    public void keepReplaced(Connection c, NewVersion v, long author) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("/*client prepare*/SET @kiste_author ="
                + " (SELECT NULLIF(COALESCE(content_by, created_by), 0) FROM node WHERE id = ?);\n"
                + "UPDATE node SET content_by = ? WHERE id = ?;\n"
                + "SET @kiste_rev = ?;\n"
                // the first revision from @kiste_rev on that the file's versions do not use
                + "SET @kiste_rev = IF(EXISTS (SELECT 1 FROM file_version WHERE node_id = ? AND revision = @kiste_rev),"
                + " (SELECT MIN(v.revision) + 1 FROM file_version v WHERE v.node_id = ? AND v.revision >= @kiste_rev"
                + " AND NOT EXISTS (SELECT 1 FROM file_version w WHERE w.node_id = v.node_id"
                + " AND w.revision = v.revision + 1)), @kiste_rev);\n"
                + "INSERT INTO file_version (node_id, revision, blob_id, size, mtime, etag, mime, author_id, created_at)"
                + " SELECT ?, @kiste_rev, ?, ?, ?, ?, ?, @kiste_author, ? FROM DUAL WHERE COALESCE((SELECT blob_id"
                + " FROM file_version WHERE node_id = ? ORDER BY created_at DESC, id DESC LIMIT 1), 0) <> ?")) {
            int i = 1;
            ps.setLong(i++, v.nodeId());
            ps.setLong(i++, author);
            ps.setLong(i++, v.nodeId());
            ps.setLong(i++, Math.max(0, Math.floorDiv(v.mtime(), 1000)));
            ps.setLong(i++, v.nodeId());
            ps.setLong(i++, v.nodeId());
            ps.setLong(i++, v.nodeId());
            NodeRepository.setNullable(ps, i++, v.blobId());
            ps.setLong(i++, v.size());
            ps.setLong(i++, v.mtime());
            ps.setString(i++, v.etag());
            ps.setString(i++, v.mime());
            ps.setLong(i++, v.createdAt());
            ps.setLong(i++, v.nodeId());
            NodeRepository.setNullable(ps, i, v.blobId());
            ps.execute();
        }
    }

    public boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_version WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Names a version (null or blank: no name). */
    public boolean label(Connection c, long id, String label) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE file_version SET label = ? WHERE id = ?")) {
            ps.setString(1, label == null || label.isBlank() ? null : label);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Holds a blob a version is about to hand back to a file: a share lock that the collector's mark waits for; false
     * when the blob is no longer live.
     */
    public boolean holdBlob(Connection c, long blobId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM blob_object WHERE id = ? AND state = 1 LOCK IN SHARE MODE")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Files with at least two versions (what the schedule can thin out), by id, after {@code afterNodeId}. */
    public List<Long> filesAfter(Connection c, long afterNodeId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id FROM file_version WHERE node_id > ?"
                + " GROUP BY node_id HAVING COUNT(*) > 1 ORDER BY node_id LIMIT " + limit)) {
            ps.setLong(1, afterNodeId);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    /**
     * A file's versions, newest first, their rows locked for update (no label or restore changes them meanwhile), after
     * the file's own row ({@link #lockFile}).
     */
    public List<FileVersion> lockAll(Connection c, long nodeId) throws SQLException {
        lockFile(c, nodeId);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM file_version WHERE node_id = ? ORDER BY id LIMIT " + MAX_LIST + " FOR UPDATE")) {
            ps.setLong(1, nodeId);
            ps.executeQuery().close();
        }
        return of(c, nodeId);
    }

    /**
     * Locks a file's row for update before its versions are removed, as a write that keeps a version holds it: such a
     * write decides from the file's newest version whether the content it replaces is kept already, and that version
     * may not go while it decides. No row (the file is gone) locks nothing.
     */
    private static void lockFile(Connection c, long nodeId) throws SQLException {
        lockFile(c, nodeId, "");
    }

    /**
     * As {@link #lockFile(Connection, long)}, without waiting: false when a write holds the file (or it is gone).
     * Whoever holds a space's quota row locks no file after it this way, since a write locks its file before the quota.
     */
    private static boolean lockFileNow(Connection c, long nodeId) throws SQLException {
        return lockFile(c, nodeId, " SKIP LOCKED");
    }

    private static boolean lockFile(Connection c, long nodeId, String waiting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM node WHERE id = ? FOR UPDATE" + waiting)) {
            ps.setLong(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** What the versions of each space hold: space id → {count, bytes}. Versions in a trash count for its space. */
    public java.util.Map<Long, long[]> perSpace(Connection c) throws SQLException {
        java.util.Map<Long, long[]> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.space_id, COUNT(*), COALESCE(SUM(v.size), 0)"
                + " FROM file_version v JOIN node n ON n.id = v.node_id GROUP BY n.space_id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    /** The bytes a space's versions hold. */
    public long heldIn(Connection c, long spaceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(v.size), 0) FROM file_version v"
                + " JOIN node n ON n.id = v.node_id WHERE n.space_id = ?")) {
            ps.setLong(1, spaceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The oldest versions of a space, unnamed ones first: what goes first when its versions hold too much. */
    public List<FileVersion> oldestIn(Connection c, long spaceId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM
                + " JOIN node n ON n.id = v.node_id WHERE n.space_id = ?"
                + " ORDER BY v.label IS NOT NULL, v.revision, v.id LIMIT " + limit)) {
            ps.setLong(1, spaceId);
            return list(ps);
        }
    }

    /**
     * Locks the given versions' rows for update, each after its file's ({@link #lockFileNow}: a version whose file a
     * write holds is passed over), and deletes those whose label is still what was read ({@code read}), so that a
     * version named meanwhile is not taken for an unnamed one; returns the ids deleted. For the caller that holds the
     * space's quota row.
     */
    public List<Long> deleteUnchanged(Connection c, List<FileVersion> read) throws SQLException {
        List<Long> out = new ArrayList<>();
        for (FileVersion v : read) {
            if (!lockFileNow(c, v.nodeId())) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT label FROM file_version WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, v.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !java.util.Objects.equals(rs.getString(1), v.label())) {
                        continue;
                    }
                }
            }
            if (delete(c, v.id())) {
                out.add(v.id());
            }
        }
        return out;
    }

    private static List<FileVersion> list(PreparedStatement ps) throws SQLException {
        List<FileVersion> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long blob = rs.getLong(4);
                Long blobId = rs.wasNull() ? null : blob;
                out.add(new FileVersion(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        blobId,
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getLong(12)));
            }
        }
        return out;
    }
}
