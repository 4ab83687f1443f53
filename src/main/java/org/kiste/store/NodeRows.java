package org.kiste.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.kiste.model.ContentDetails;
import org.kiste.model.Node;
import org.kiste.model.NodeKind;

/** The column list and row mapping shared by every query that returns nodes. */
final class NodeRows {
    /**
     * Columns of {@code node n} alone, in the order {@link #map} reads them by position: the node with its blob's
     * id, without the blob's details.
     */
    static final String NODE_COLUMNS = "n.id, n.space_id, n.parent_id, n.name, n.kind, n.size, n.mtime, n.ctime,"
            + " n.created_at, n.content_etag, n.tree_version, n.mime, n.blob_id";

    /** How many columns {@link #NODE_COLUMNS} selects. */
    static final int NODE_COUNT = 13;

    /**
     * Columns of {@code node n} joined with {@code blob_object b} ({@link #FROM}), in the order {@link #map} reads
     * them by position: {@link #NODE_COLUMNS}, then the blob's storage key and digests; pending folder changes come
     * from {@link #PENDING}.
     */
    static final String COLUMNS = NODE_COLUMNS + ", b.storage_key, b.sha256, b.sha1, b.md5";

    /** Pending journal aggregates of folder {@code n}, read in the same statement as the row (one snapshot). */
    static final String PENDING_VALUE = "(SELECT CONCAT(COUNT(*), ',', COALESCE(SUM(fc.size_delta), 0), ',',"
            + " COALESCE(MAX(fc.mtime), 0)) FROM folder_change fc WHERE fc.folder_id = n.id)";

    static final String PENDING = PENDING_VALUE + " AS pending";

    static final String FROM = " FROM node n LEFT JOIN blob_object b ON b.id = n.blob_id";

    /** The table {@link #NODE_COLUMNS} come from, without the blob join. */
    static final String NODE_FROM = " FROM node n";

    private NodeRows() {}

    /** How many columns {@link #COLUMNS} selects; a query's next column is at this offset plus one. */
    static final int COUNT = NODE_COUNT + 4;

    /** Maps a row whose {@link #COLUMNS} come first; see {@link #map(ResultSet, int, String, long, long, long)}. */
    static Node map(ResultSet rs, String epoch, long pendingCount, long pendingSize, long pendingMtime)
            throws SQLException {
        return map(rs, 0, epoch, pendingCount, pendingSize, pendingMtime);
    }

    /**
     * Maps a row whose {@link #COLUMNS} start after {@code at} other columns, read by position (a lookup by name
     * costs a scan of the column names per call); {@code pendingCount/Size/Mtime} are the journal aggregates (0 for
     * files).
     */
    static Node map(ResultSet rs, int at, String epoch, long pendingCount, long pendingSize, long pendingMtime)
            throws SQLException {
        return map(rs, at, epoch, ContentDetails.INCLUDED, false, pendingCount, pendingSize, pendingMtime);
    }

    /**
     * Maps a row selected as {@link #COLUMNS} then {@link #PENDING} ("count,size,mtime" in one column: one
     * subquery, not three).
     */
    static Node mapWithPending(ResultSet rs, String epoch) throws SQLException {
        return map(rs, 0, epoch, ContentDetails.INCLUDED, true, 0, 0, 0);
    }

    /**
     * Maps a row selected as {@link #COLUMNS} (with {@code INCLUDED}) or {@link #NODE_COLUMNS} (with {@code
     * OMITTED}: each file's blob is known by its id alone), then {@link #PENDING}.
     */
    static Node mapWithPending(ResultSet rs, String epoch, ContentDetails details) throws SQLException {
        return map(rs, 0, epoch, details, true, 0, 0, 0);
    }

    /**
     * Reads the columns in their order: the driver finds a column of a binary row by skipping the ones before it,
     * from the row's start again whenever a read goes back. {@code details}: the row holds {@link #COLUMNS}, or
     * {@link #NODE_COLUMNS} alone; {@code pendingFollows}: the pending aggregates are the column after those,
     * otherwise they are given.
     */
    private static Node map(
            ResultSet rs,
            int at,
            String epoch,
            ContentDetails details,
            boolean pendingFollows,
            long pendingCount,
            long pendingSize,
            long pendingMtime)
            throws SQLException {
        long id = rs.getLong(at + 1);
        long spaceId = rs.getLong(at + 2);
        long parent = rs.getLong(at + 3);
        Long parentId = rs.wasNull() ? null : parent;
        String name = rs.getString(at + 4);
        NodeKind kind = NodeKind.of(rs.getInt(at + 5));
        long size = rs.getLong(at + 6);
        long mtime = rs.getLong(at + 7);
        long ctime = rs.getLong(at + 8);
        long createdAt = rs.getLong(at + 9);
        String etag = kind == NodeKind.FOLDER ? null : rs.getString(at + 10);
        long treeVersion = kind == NodeKind.FOLDER ? rs.getLong(at + 11) : 0;
        String mime = rs.getString(at + 12);
        long blobId = rs.getLong(at + 13);
        boolean detailed = details == ContentDetails.INCLUDED;
        Node.Blob blob;
        if (rs.wasNull()) {
            blob = null;
        } else if (detailed) {
            blob = new Node.Blob(
                    blobId,
                    rs.getString(at + NODE_COUNT + 1),
                    rs.getBytes(at + NODE_COUNT + 2),
                    rs.getBytes(at + NODE_COUNT + 3),
                    rs.getBytes(at + NODE_COUNT + 4));
        } else {
            blob = Node.Blob.idOnly(blobId);
        }
        if (pendingFollows) {
            String p = rs.getString(at + (detailed ? COUNT : NODE_COUNT) + 1);
            if (p != null && !p.startsWith("0,")) {
                int a = p.indexOf(',');
                int b = p.indexOf(',', a + 1);
                pendingCount = Long.parseLong(p, 0, a, 10);
                pendingSize = Long.parseLong(p, a + 1, b, 10);
                pendingMtime = Long.parseLong(p, b + 1, p.length(), 10);
            }
        }
        if (kind == NodeKind.FOLDER) {
            size += pendingSize;
            mtime = Math.max(mtime, pendingMtime);
            etag = folderEtag(epoch, id, treeVersion + pendingCount);
        }
        return new Node(id, spaceId, parentId, name, kind, size, mtime, ctime, createdAt, etag, mime, blob);
    }

    /**
     * A folder's etag: its id and change count, plus the instance epoch (bumped after a database restore so
     * that counts replayed from a backup never repeat an etag clients have seen).
     */
    static String folderEtag(String epoch, long id, long version) {
        return epoch + Long.toHexString(id) + "v" + Long.toHexString(version);
    }
}
