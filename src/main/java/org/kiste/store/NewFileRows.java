package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.kiste.blob.StagedBlob;

/**
 * The rows of a new file with content not stored before, in one round trip: its blob row (holding the bytes of a
 * small file), its node and its change journal entries. The statements run in order and stop at the first error, so
 * content that is stored already is refused by the unique SHA-256 before anything else is written; the caller then
 * references it the usual way ({@link BlobRepository#publish}). Sent as text with the driver's quoting, since a
 * server-side prepared statement holds one statement.
 */
public final class NewFileRows {
    /** The new blob's and the new node's ids. */
    public record Ids(long blobId, long nodeId) {}

    private static final String HEAD = "/*client prepare*/INSERT INTO blob_object"
            + " (storage_key, size, sha256, sha1, md5, state, content) VALUES (?, ?, ?, ?, ?, 1, ?);\n"
            + "SET @kiste_blob = LAST_INSERT_ID();\n"
            + "INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime, created_at, content_etag, blob_id,"
            + " mime, created_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, @kiste_blob, ?, ?);\n"
            + "SET @kiste_node = LAST_INSERT_ID();\n";

    private NewFileRows() {}

    /**
     * Inserts the rows, the journal entries for {@code folders} (the ancestors, from the space root down); null, with
     * nothing written, when a live blob holds this content already.
     */
    public static Ids insert(
            Connection c,
            StagedBlob blob,
            long spaceId,
            long parentId,
            String name,
            long mtime,
            long now,
            String etag,
            String mime,
            Long actor,
            long[] folders)
            throws SQLException {
        StringBuilder sql = new StringBuilder(HEAD.length() + 200 + folders.length * 48).append(HEAD);
        ChangeJournal.append(sql, spaceId, "@kiste_node", ChangeJournal.CREATE, actor, folders, blob.size(), now);
        sql.append(";\nSELECT @kiste_blob, @kiste_node");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, blob.key());
            ps.setLong(2, blob.size());
            ps.setBytes(3, blob.sha256());
            ps.setBytes(4, blob.sha1());
            ps.setBytes(5, blob.md5());
            ps.setBytes(6, blob.content());
            ps.setLong(7, spaceId);
            ps.setLong(8, parentId);
            ps.setString(9, name);
            ps.setLong(10, blob.size());
            ps.setLong(11, mtime);
            ps.setLong(12, now);
            ps.setLong(13, now);
            ps.setString(14, etag);
            ps.setString(15, mime);
            if (actor == null) {
                ps.setNull(16, java.sql.Types.BIGINT);
            } else {
                ps.setLong(16, actor);
            }
            boolean rows;
            try {
                rows = ps.execute();
                while (!rows) {
                    if (ps.getUpdateCount() == -1) {
                        throw new SQLException("the new file's statements answered without its ids");
                    }
                    rows = ps.getMoreResults();
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == 1062 && String.valueOf(e.getMessage()).contains("uk_blob_sha256")) {
                    return null; // the first statement failed, so none ran
                }
                throw e;
            }
            try (ResultSet rs = ps.getResultSet()) {
                if (!rs.next()) {
                    throw new SQLException("the new file's statements answered without its ids");
                }
                return new Ids(rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
