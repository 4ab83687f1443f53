package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.kiste.blob.StagedBlob;

/**
 * The rows of a new file in one round trip: its blob row for content not stored before (and a small file's bytes
 * in {@code blob_content}), its node and its change journal entries. The statements run in order and stop at the
 * first error, so content that is stored already is refused by the unique SHA-256 before anything else is written;
 * the caller then references it the usual way ({@link BlobRepository#publish}). Sent as text with the driver's
 * quoting, since a server-side prepared statement holds one statement. Only a refusal of the first statement is
 * caught: after an error in a later one the driver waits for an answer the server does not send, on the next server-side
 * prepared statement of the connection, so any such error is left to roll the transaction back.
 *
 * <p>The server answers every statement of a round trip with a packet of its own, so the statements are as few as
 * the rows: each one takes the id the one before generated from {@code LAST_INSERT_ID()} (a statement that generates
 * none leaves it as it was), and the ids are read from the answers, without variables or a closing {@code SELECT}.
 */
public final class NewFileRows {
    /** The new blob's and the new node's ids. */
    public record Ids(long blobId, long nodeId) {}

    /** A new file's node: the folder it goes into, its name, and what the write states. */
    public record NewFile(long parentId, String name, ContentWrite write) {}

    private static final String BLOB = "/*client prepare*/INSERT INTO blob_object"
            + " (storage_key, size, sha256, sha1, md5, state) VALUES (?, ?, ?, ?, ?, 1);\n";
    private static final String NODE = "INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime,"
            + " created_at, content_etag, blob_id, mime, created_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ";
    /**
     * The server's message when the unique SHA-256 refused the blob row (the first statement): the key's name is the
     * last quoted part. The words around it follow the server's language ({@code lc_messages}: "for key '…'", "für
     * Schlüssel '…'", "(číslo klíče '…')", "は索引 '…' で重複しています"), and the refused value, quoted before it, is
     * cut to 64 characters.
     */
    private static final java.util.regex.Pattern SAME_CONTENT =
            java.util.regex.Pattern.compile("'uk_blob_sha256'[^']*$");

    private NewFileRows() {}

    /**
     * Inserts the rows, the journal entries for {@code folders} (the ancestors, from the space root down); null, with
     * nothing written, when a live blob holds this content already.
     */
    public static Ids insert(Connection c, StagedBlob blob, NewFile file) throws SQLException {
        StringBuilder sql =
                blobStatements(blob, NODE.length() + 300 + file.write().folders().length * 48);
        try (PreparedStatement ps =
                c.prepareStatement(nodeAndJournal(sql, file, blob.size(), "LAST_INSERT_ID()"), GENERATED)) {
            setNode(ps, setBlobParameters(ps, blob), file, blob.size(), false, null);
            Boolean rows = executeUnlessStored(ps);
            if (rows == null) {
                return null;
            }
            long blobId = generatedId(ps, rows);
            if (blob.inline()) {
                nextResult(ps); // the bytes
            }
            nextResult(ps);
            return new Ids(blobId, generatedId(ps, false));
        }
    }

    /** Asks the driver for the ids each statement generated. */
    static final int GENERATED = Statement.RETURN_GENERATED_KEYS;

    /**
     * The statements that insert a blob row for new content, and a small file's bytes; the next statement finds the
     * blob's id in {@code LAST_INSERT_ID()}. {@code more}: the length of what will follow.
     */
    static StringBuilder blobStatements(StagedBlob blob, int more) {
        StringBuilder sql = new StringBuilder(BLOB.length() + more).append(BLOB);
        if (blob.inline()) {
            sql.append(BlobRepository.INSERT_CONTENT).append(";\n");
        }
        return sql;
    }

    /** Sets the parameters of {@link #blobStatements}; returns the index of the next parameter. */
    static int setBlobParameters(PreparedStatement ps, StagedBlob blob) throws SQLException {
        BlobRepository.setBlob(ps, blob);
        int i = 6;
        if (blob.inline()) {
            ps.setBytes(i++, blob.content());
        }
        return i;
    }

    /**
     * Runs statements that begin with {@link #blobStatements}: whether the first result is a result set, as
     * {@link PreparedStatement#execute}; null, with nothing written, when the unique SHA-256 refused the blob row
     * (the first statement failed, so none ran).
     */
    static Boolean executeUnlessStored(PreparedStatement ps) throws SQLException {
        try {
            return ps.execute();
        } catch (SQLException e) {
            if (e.getErrorCode() == 1062
                    && SAME_CONTENT.matcher(String.valueOf(e.getMessage())).find()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The node and journal rows of a new file whose content is the stored blob {@code blobId} (null: empty), in one
     * round trip; returns the node's id.
     */
    public static long insertNode(Connection c, Long blobId, long size, NewFile file) throws SQLException {
        StringBuilder sql = new StringBuilder(NODE.length() + 300 + file.write().folders().length * 48)
                .append("/*client prepare*/");
        try (PreparedStatement ps = c.prepareStatement(nodeAndJournal(sql, file, size, "?"), GENERATED)) {
            setNode(ps, 1, file, size, true, blobId);
            return generatedId(ps, ps.execute());
        }
    }

    /** The node's statement, which finds its blob's id in {@code blob} (SQL), then the journal's. */
    private static String nodeAndJournal(StringBuilder sql, NewFile file, long size, String blob) {
        sql.append(NODE).append(blob).append(", ?, ?);\n");
        ChangeJournal.append(
                sql,
                file.write().spaceId(),
                "LAST_INSERT_ID()",
                ChangeJournal.CREATE,
                file.write().actor(),
                file.write().folders(),
                size,
                file.write().now());
        return sql.toString();
    }

    /**
     * Sets the node's parameters from {@code first} on; its blob's too, as the parameter after the etag, unless
     * {@code blobParameter} is false (the statement names it in SQL).
     */
    private static void setNode(
            PreparedStatement ps, int first, NewFile file, long size, boolean blobParameter, Long blobId)
            throws SQLException {
        int i = first;
        ps.setLong(i++, file.write().spaceId());
        ps.setLong(i++, file.parentId());
        ps.setString(i++, file.name());
        ps.setLong(i++, size);
        ps.setLong(i++, file.write().mtime());
        ps.setLong(i++, file.write().now());
        ps.setLong(i++, file.write().now());
        ps.setString(i++, file.write().etag());
        if (blobParameter) {
            NodeRepository.setNullable(ps, i++, blobId);
        }
        ps.setString(i++, file.write().mime());
        NodeRepository.setNullable(ps, i, file.write().actor());
    }

    /**
     * The id the current statement's row generated: the first of the ids the driver reports from this answer on.
     * Only for a statement that inserts one row with a generated id.
     */
    static long generatedId(PreparedStatement ps, boolean rows) throws SQLException {
        if (rows || ps.getUpdateCount() != 1) {
            throw new SQLException("the statement answered without the row it inserted");
        }
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the statement answered without the id it generated");
            }
            return keys.getLong(1);
        }
    }

    /** Moves on to the next statement's answer, a count of rows; returns it. */
    static int nextResult(PreparedStatement ps) throws SQLException {
        if (ps.getMoreResults() || ps.getUpdateCount() == -1) {
            throw new SQLException("the statements answered fewer times than they were sent");
        }
        return ps.getUpdateCount();
    }
}
