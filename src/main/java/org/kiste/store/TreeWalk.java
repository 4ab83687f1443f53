package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.kiste.model.Node;
import org.kiste.model.NodeKind;

/**
 * Resolves a path below a start node with one k-way self-join on {@code (parent_id, name)} per slice of names. A
 * holding walk is a locking read: every node on the way is held shared until the transaction ends, so nobody can
 * move, rename or remove the folders a write relies on while it runs.
 */
final class TreeWalk {
    /** MariaDB joins at most 61 tables; longer paths are resolved in slices. */
    private static final int SLICE = 40;

    private TreeWalk() {}

    /**
     * Resolves {@code names} below {@code rootId} with one k-way self-join on {@code (parent_id, name)} per slice
     * of up to {@link #SLICE} names. Returns the chain root..deepest existing node; {@code node} is the last one
     * only when every name was found. With {@code folderTotals} false a folder at the end is its row as stored: its
     * size, etag and mtime leave out the journal rows not yet folded in (one statement less, for writes that need
     * only its id).
     */
    static Walk walk(Connection c, long rootId, List<String> names, boolean hold, NodeRepository nodes)
            throws SQLException {
        return walk(c, rootId, names, hold, true, nodes);
    }

    static Walk walk(
            Connection c, long rootId, List<String> names, boolean hold, boolean folderTotals, NodeRepository nodes)
            throws SQLException {
        long[] chain = new long[names.size() + 1];
        chain[0] = rootId;
        if (names.isEmpty()) {
            Node root = nodes.byId(c, rootId);
            return new Walk(chain, root == null ? -1 : 0, root, true);
        }
        int found = 0;
        Node last = null;
        for (int from = 0; from < names.size(); from += SLICE) {
            int to = Math.min(names.size(), from + SLICE);
            int k = to - from;
            String sql = walkSql(k, hold);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (int i = from + 1; i < to; i++) {
                    ps.setString(p++, names.get(i));
                }
                ps.setLong(p++, chain[from]);
                ps.setString(p, names.get(from));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Walk(Arrays.copyOf(chain, found + 1), found, null, true);
                    }
                    // read by position: ids and kinds of the k-1 folders, then the k-th node's columns
                    int at = 2 * (k - 1);
                    for (int i = 1; i < k; i++) {
                        long id = rs.getLong(2 * i - 1);
                        if (rs.wasNull()) {
                            return new Walk(Arrays.copyOf(chain, found + 1), found, null, true);
                        }
                        chain[++found] = id;
                        if (rs.getInt(2 * i) != NodeKind.FOLDER.code) {
                            // a file in the middle of a path: nothing lies below it
                            return new Walk(Arrays.copyOf(chain, found + 1), found, null, false);
                        }
                    }
                    long id = rs.getLong(at + 1);
                    if (rs.wasNull()) {
                        return new Walk(Arrays.copyOf(chain, found + 1), found, null, true);
                    }
                    chain[++found] = id;
                    last = NodeRows.map(rs, at, nodes.epoch().get(), 0, 0, 0);
                    if (to < names.size() && !last.isFolder()) {
                        return new Walk(Arrays.copyOf(chain, found + 1), found, null, false);
                    }
                }
            }
        }
        if (folderTotals && last != null && last.isFolder()) {
            // a folder's etag and size need its pending journal rows, read in the same statement as its row
            // (one snapshot); files, the common case of GET and PUT, skip this
            last = nodes.byId(c, last.id());
            if (last == null) {
                return new Walk(Arrays.copyOf(chain, found), found - 1, null, true);
            }
        }
        return new Walk(chain, found, last, last != null && last.isFolder());
    }

    private static final String[] WALK_SQL = new String[SLICE + 1];
    private static final String[] HOLDING_WALK_SQL = new String[SLICE + 1];

    /** The k-way self-join for k names, built once per k; {@code hold}: a locking read that holds each row shared. */
    private static String walkSql(int k, boolean hold) {
        String[] built = hold ? HOLDING_WALK_SQL : WALK_SQL;
        String cached = built[k];
        if (cached != null) {
            return cached;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 1; i < k; i++) {
            sql.append("n")
                    .append(i)
                    .append(".id AS id")
                    .append(i)
                    .append(", n")
                    .append(i)
                    .append(".kind AS kind")
                    .append(i)
                    .append(", ");
        }
        sql.append(NodeRows.COLUMNS.replace("n.", "n" + k + "."));
        sql.append(" FROM node n1");
        for (int i = 2; i <= k; i++) {
            sql.append(" LEFT JOIN node n")
                    .append(i)
                    .append(" ON n")
                    .append(i)
                    .append(".parent_id = n")
                    .append(i - 1)
                    .append(".id AND n")
                    .append(i)
                    .append(".name = ?");
        }
        sql.append(" LEFT JOIN blob_object b ON b.id = n").append(k).append(".blob_id");
        sql.append(" WHERE n1.parent_id = ? AND n1.name = ?");
        if (hold) {
            sql.append(" LOCK IN SHARE MODE");
        }
        built[k] = sql.toString();
        return built[k];
    }
}
