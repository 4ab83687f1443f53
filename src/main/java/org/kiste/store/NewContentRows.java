package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.kiste.blob.StagedBlob;

/**
 * The rows of an existing file's new content in one round trip: its blob row for content not stored before (and a
 * small file's bytes in {@code blob_content}), the update of its node and its change journal entries. As in
 * {@link NewFileRows}, content that is stored already is refused by the unique SHA-256 at the first statement, before
 * anything else is written, and the caller then references it with {@link #replace(Connection, Long, Replacement, Long)}.
 * The node is updated only while it still has the etag the caller read under its lock; whether it was is answered,
 * and a caller that gets false must roll back (the journal entries were written). The new content's writer is recorded
 * in the node's row ({@code content_by}) by the same update, unless the caller leaves that to the version it keeps of
 * the replaced content ({@link VersionRepository#keepReplaced}, which reads the replaced content's writer first).
 */
public final class NewContentRows {
    /**
     * The file's new content: {@code expectedEtag} is the etag it had when it was locked, {@code sizeDelta} the change
     * of its size.
     */
    public record Replacement(long nodeId, String expectedEtag, long size, long sizeDelta, ContentWrite write) {}

    /** The new blob's id, and whether the node still had the expected etag (and was updated). */
    public record Replaced(long blobId, boolean updated) {}

    private static final String NODE = "UPDATE node SET size = ?, mtime = ?, ctime = ?, content_etag = ?,"
            + " blob_id = %s, mime = ?, content_by = COALESCE(?, content_by) WHERE id = ? AND kind = 1"
            + " AND content_etag <=> ?;\n";

    private NewContentRows() {}

    /**
     * Points the file at new content, inserting its blob row; null, with nothing written, when it is stored already.
     * {@code author}: the new content's writer (0: a link's visitor), or null to leave the row's writer as it is.
     */
    public static Replaced replace(Connection c, StagedBlob blob, Replacement r, Long author) throws SQLException {
        StringBuilder sql =
                NewFileRows.blobStatements(blob, NODE.length() + 300 + r.write().folders().length * 48);
        try (PreparedStatement ps =
                c.prepareStatement(nodeAndJournal(sql, r, "LAST_INSERT_ID()"), NewFileRows.GENERATED)) {
            setNode(ps, NewFileRows.setBlobParameters(ps, blob), r, false, null, author);
            Boolean rows = NewFileRows.executeUnlessStored(ps);
            if (rows == null) {
                return null;
            }
            long blobId = NewFileRows.generatedId(ps, rows);
            if (blob.inline()) {
                NewFileRows.nextResult(ps); // the bytes
            }
            return new Replaced(blobId, NewFileRows.nextResult(ps) == 1);
        }
    }

    /**
     * Points the file at the stored blob {@code blobId} (null: empty content); false when the node no longer had the
     * expected etag. {@code author} as in {@link #replace(Connection, StagedBlob, Replacement, Long)}.
     */
    public static boolean replace(Connection c, Long blobId, Replacement r, Long author) throws SQLException {
        StringBuilder sql =
                new StringBuilder(NODE.length() + 340 + r.write().folders().length * 48).append("/*client prepare*/");
        try (PreparedStatement ps = c.prepareStatement(nodeAndJournal(sql, r, "?"))) {
            setNode(ps, 1, r, true, blobId, author);
            if (ps.execute()) {
                throw new SQLException("the file's update answered with rows");
            }
            return ps.getUpdateCount() == 1;
        }
    }

    /** The node's update, which finds its blob's id in {@code blob} (SQL), then the journal's statements. */
    private static String nodeAndJournal(StringBuilder sql, Replacement r, String blob) {
        sql.append(String.format(NODE, blob));
        ChangeJournal.append(
                sql,
                r.write().spaceId(),
                Long.toString(r.nodeId()),
                ChangeJournal.WRITE,
                r.write().actor(),
                r.write().folders(),
                r.sizeDelta(),
                r.write().now());
        return sql.toString();
    }

    private static void setNode(
            PreparedStatement ps, int first, Replacement r, boolean blobParameter, Long blobId, Long author)
            throws SQLException {
        int i = first;
        ps.setLong(i++, r.size());
        ps.setLong(i++, r.write().mtime());
        ps.setLong(i++, r.write().now());
        ps.setString(i++, r.write().etag());
        if (blobParameter) {
            NodeRepository.setNullable(ps, i++, blobId);
        }
        ps.setString(i++, r.write().mime());
        NodeRepository.setNullable(ps, i++, author);
        ps.setLong(i++, r.nodeId());
        ps.setString(i, r.expectedEtag());
    }
}
