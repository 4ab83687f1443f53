package org.kiste.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.kiste.model.Node;
import org.kiste.model.NodeKind;

/** The column list and row mapping shared by every query that returns nodes. */
final class NodeRows {
    /** Columns of {@code node n} joined with {@code blob_object b}; pending folder changes come from {@link #PENDING}. */
    static final String COLUMNS =
            "n.id, n.space_id, n.parent_id, n.name, n.kind, n.size, n.mtime, n.ctime, n.created_at,"
                    + " n.content_etag, n.tree_version, n.mime, n.blob_id, b.storage_key, b.sha256, b.sha1, b.md5";

    /** Pending journal aggregates of folder {@code n}, read in the same statement as the row (one snapshot). */
    static final String PENDING_VALUE = "(SELECT CONCAT(COUNT(*), ',', COALESCE(SUM(fc.size_delta), 0), ',',"
            + " COALESCE(MAX(fc.mtime), 0)) FROM folder_change fc WHERE fc.folder_id = n.id)";

    static final String PENDING = PENDING_VALUE + " AS pending";

    static final String FROM = " FROM node n LEFT JOIN blob_object b ON b.id = n.blob_id";

    private NodeRows() {}

    /** Maps a row; {@code pendingCount/Size/Mtime} are the journal aggregates (0 for files). */
    static Node map(ResultSet rs, String epoch, long pendingCount, long pendingSize, long pendingMtime)
            throws SQLException {
        long id = rs.getLong("id");
        NodeKind kind = NodeKind.of(rs.getInt("kind"));
        long size = rs.getLong("size");
        long mtime = rs.getLong("mtime");
        String etag;
        if (kind == NodeKind.FOLDER) {
            size += pendingSize;
            mtime = Math.max(mtime, pendingMtime);
            etag = folderEtag(epoch, id, rs.getLong("tree_version") + pendingCount);
        } else {
            etag = rs.getString("content_etag");
        }
        long parent = rs.getLong("parent_id");
        Long parentId = rs.wasNull() ? null : parent;
        long blobId = rs.getLong("blob_id");
        Node.Blob blob = rs.wasNull()
                ? null
                : new Node.Blob(
                        blobId,
                        rs.getString("storage_key"),
                        rs.getBytes("sha256"),
                        rs.getBytes("sha1"),
                        rs.getBytes("md5"));
        return new Node(
                id,
                rs.getLong("space_id"),
                parentId,
                rs.getString("name"),
                kind,
                size,
                mtime,
                rs.getLong("ctime"),
                rs.getLong("created_at"),
                etag,
                rs.getString("mime"),
                blob);
    }

    /** Maps a row selected with {@link #PENDING} ("count,size,mtime" in one column: one subquery, not three). */
    static Node mapWithPending(ResultSet rs, String epoch) throws SQLException {
        String p = rs.getString("pending");
        if (p == null || p.startsWith("0,")) {
            return map(rs, epoch, 0, 0, 0);
        }
        int a = p.indexOf(',');
        int b = p.indexOf(',', a + 1);
        return map(
                rs,
                epoch,
                Long.parseLong(p, 0, a, 10),
                Long.parseLong(p, a + 1, b, 10),
                Long.parseLong(p, b + 1, p.length(), 10));
    }

    /**
     * A folder's etag: its id and change count, plus the instance epoch (bumped after a database restore so
     * that counts replayed from a backup never repeat an etag clients have seen).
     */
    static String folderEtag(String epoch, long id, long version) {
        return epoch + Long.toHexString(id) + "v" + Long.toHexString(version);
    }
}
