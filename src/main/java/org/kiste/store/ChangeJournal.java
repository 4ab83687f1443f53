package org.kiste.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Records a change for every ancestor folder of a node, by inserting rows only: concurrent writers in one space
 * never wait on each other's ancestor rows (no hot root row). {@link FolderFolding} merges the rows later.
 */
public final class ChangeJournal {
    public static final int CREATE = 1;
    public static final int WRITE = 2;
    public static final int MOVE = 3;
    public static final int DELETE = 4;
    public static final int META = 5;

    private ChangeJournal() {}

    /**
     * @param folders    the ancestor folder ids that see the change (from the space root down)
     * @param sizeDelta  bytes added (negative: removed) below each of them
     */
    public static void record(
            Connection c, long spaceId, long nodeId, int op, Long actor, long[] folders, long sizeDelta, long mtime)
            throws SQLException {
        // Every value is a number the core computed, so the statements are written out as text: two statements
        // in one round trip, which a server-side prepared statement cannot carry.
        StringBuilder sql = new StringBuilder(160 + folders.length * 48);
        append(sql, spaceId, Long.toString(nodeId), op, actor, folders, sizeDelta, mtime);
        try (Statement st = c.createStatement()) {
            st.execute(sql.toString());
        }
    }

    /**
     * Appends the statements of {@link #record} to {@code sql}, with the node's id as the SQL expression {@code nodeId}
     * (a number, or a variable an earlier statement of the same round trip set).
     */
    static void append(
            StringBuilder sql,
            long spaceId,
            String nodeId,
            int op,
            Long actor,
            long[] folders,
            long sizeDelta,
            long mtime) {
        sql.append("INSERT INTO change_log (space_id, node_id, op, actor_id) VALUES (")
                .append(spaceId)
                .append(',')
                .append(nodeId)
                .append(',')
                .append(op)
                .append(',')
                .append(actor == null ? "NULL" : Long.toString(actor))
                .append(')');
        if (folders.length > 0) {
            sql.append(";\nINSERT INTO folder_change (folder_id, change_id, size_delta, mtime) VALUES ");
            for (int i = 0; i < folders.length; i++) {
                // LAST_INSERT_ID() is the change_log id of the statement before: one change id for all ancestors
                sql.append(i == 0 ? "(" : ",(")
                        .append(folders[i])
                        .append(",LAST_INSERT_ID(),")
                        .append(sizeDelta)
                        .append(',')
                        .append(mtime)
                        .append(')');
            }
        }
    }
}
