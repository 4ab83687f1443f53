package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    private ChangeJournal() {
    }

    /**
     * @param folders    the ancestor folder ids that see the change (from the space root down)
     * @param sizeDelta  bytes added (negative: removed) below each of them
     */
    public static long record(Connection c, long spaceId, long nodeId, int op, Long actor, long[] folders,
                              long sizeDelta, long mtime) throws SQLException {
        long changeId;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO change_log (space_id, node_id, op, actor_id) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, spaceId);
            ps.setLong(2, nodeId);
            ps.setInt(3, op);
            if (actor == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, actor);
            }
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                changeId = rs.getLong(1);
            }
        }
        if (folders.length == 0) {
            return changeId;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO folder_change (folder_id, change_id, size_delta, mtime) VALUES ");
        for (int i = 0; i < folders.length; i++) {
            sql.append(i == 0 ? "(?,?,?,?)" : ",(?,?,?,?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = 1;
            for (long f : folders) {
                ps.setLong(k++, f);
                ps.setLong(k++, changeId);
                ps.setLong(k++, sizeDelta);
                ps.setLong(k++, mtime);
            }
            ps.executeUpdate();
        }
        return changeId;
    }
}
