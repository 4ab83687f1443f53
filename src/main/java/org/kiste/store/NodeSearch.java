package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.kiste.model.Node;
import org.kiste.model.SearchQuery;
import org.kiste.model.SearchQuery.Compare;
import org.kiste.model.SearchQuery.Condition;

/**
 * Runs a {@link SearchQuery} as one statement: a recursive walk down from the scope folder (so the trash, which
 * hangs off no folder, is never searched), and from the roots of the spaces mounted in it, that carries each node's
 * path, filtered, ordered and limited by the database. Values are bound as parameters; only fixed column names go into the SQL text.
 */
public final class NodeSearch {
    /** Deeper than any real tree; bounds the recursive walk. */
    private static final int MAX_DEPTH = 256;

    private final Supplier<String> epoch;

    public NodeSearch(Supplier<String> epoch) {
        this.epoch = epoch;
    }

    /** A hit: the node and its path below the scope folder, as names. */
    public record Hit(Node node, List<String> names) {}

    /**
     * An item mounted below the scope folder: its root node is searched as if it lay at {@code path} (names joined by
     * {@code /}, relative to the scope, {@code depth} names deep), in the folder {@code folderNodeId} under
     * {@code name}, where it hides an entry of that name.
     */
    public record Mounted(long rootNodeId, String path, int depth, long folderNodeId, String name) {}

    public List<Hit> run(Connection c, long scopeFolderId, long userId, SearchQuery q) throws SQLException {
        return run(c, scopeFolderId, List.of(), userId, q);
    }

    /**
     * @param mounted items mounted below the scope folder (a user's tree): searched with it, in the same order and
     *                limit; a mount hides its folder's entry of the same name
     */
    public List<Hit> run(Connection c, long scopeFolderId, List<Mounted> mounted, long userId, SearchQuery q)
            throws SQLException {
        int maxDepth = q.allDepths() ? MAX_DEPTH : 1;
        List<Mounted> searched = new ArrayList<>();
        for (Mounted m : mounted) {
            if (m.depth() <= maxDepth) {
                searched.add(m);
            }
        }
        StringBuilder hide = new StringBuilder();
        List<Object> hideParams = new ArrayList<>();
        for (Mounted m : mounted) {
            hide.append(" AND NOT (c.parent_id = ? AND c.name = ?)");
            hideParams.add(m.folderNodeId());
            hideParams.add(m.name());
        }
        List<Object> params = new ArrayList<>();
        StringBuilder anchors = new StringBuilder(
                        " SELECT c.id, CAST(c.name AS VARCHAR(16000)), 1 FROM node c WHERE c.parent_id = ?")
                .append(hide);
        params.add(scopeFolderId);
        params.addAll(hideParams);
        for (Mounted m : searched) {
            anchors.append(" UNION ALL SELECT m.id, CAST(? AS VARCHAR(16000)), ? FROM node m WHERE m.id = ?");
            params.add(m.path());
            params.add(m.depth());
            params.add(m.rootNodeId());
        }
        String recurse = " UNION ALL SELECT c.id, CONCAT(t.path, '/', CAST(c.name AS VARCHAR(255))), t.depth + 1"
                + " FROM t JOIN node c ON c.parent_id = t.id WHERE t.depth < ?" + hide;
        params.add(maxDepth);
        params.addAll(hideParams);
        StringBuilder where = new StringBuilder();
        condition(q.where(), where, params, userId);
        StringBuilder order = new StringBuilder();
        for (SearchQuery.Order o : q.order()) {
            order.append(column(o.field())).append(o.ascending() ? " ASC, " : " DESC, ");
        }
        order.append("n.id ASC");
        params.add(Math.max(0, Math.min(q.limit(), SearchQuery.MAX_RESULTS)));
        String sql = "WITH RECURSIVE t (id, path, depth) AS (" + anchors + recurse + ")"
                + " SELECT " + NodeRows.COLUMNS + ", " + NodeRows.PENDING + ", t.path AS found_path"
                + " FROM t JOIN node n ON n.id = t.id LEFT JOIN blob_object b ON b.id = n.blob_id"
                + " WHERE " + where + " ORDER BY " + order + " LIMIT ?";
        List<Hit> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hit(
                            NodeRows.mapWithPending(rs, epoch.get()),
                            List.of(rs.getString("found_path").split("/", -1))));
                }
            }
        }
        return out;
    }

    private static void condition(Condition cond, StringBuilder sql, List<Object> params, long userId) {
        if (cond instanceof SearchQuery.All) {
            sql.append("TRUE");
        } else if (cond instanceof SearchQuery.IsFolder) {
            sql.append("n.kind = 2");
        } else if (cond instanceof SearchQuery.Not n) {
            sql.append("NOT (");
            condition(n.inner(), sql, params, userId);
            sql.append(')');
        } else if (cond instanceof SearchQuery.And a) {
            join(a.parts(), " AND ", "TRUE", sql, params, userId);
        } else if (cond instanceof SearchQuery.Or o) {
            join(o.parts(), " OR ", "FALSE", sql, params, userId);
        } else if (cond instanceof Compare cmp) {
            compare(cmp, sql, params, userId);
        } else {
            throw new IllegalArgumentException("unknown condition " + cond);
        }
    }

    private static void join(
            List<Condition> parts, String op, String empty, StringBuilder sql, List<Object> params, long userId) {
        if (parts.isEmpty()) {
            sql.append(empty);
            return;
        }
        sql.append('(');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(op);
            }
            condition(parts.get(i), sql, params, userId);
        }
        sql.append(')');
    }

    private static void compare(Compare cmp, StringBuilder sql, List<Object> params, long userId) {
        if (cmp.field() == SearchQuery.Field.FAVORITE) {
            boolean yes = Boolean.TRUE.equals(cmp.value());
            sql.append(yes ? "" : "NOT ")
                    .append("EXISTS (SELECT 1 FROM favorite f WHERE f.user_id = ? AND f.node_id = n.id)");
            params.add(userId);
            return;
        }
        if (cmp.field() == SearchQuery.Field.MIME && "httpd/unix-directory".equals(cmp.value())) {
            // Nextcloud's type of folders; Kiste keeps no MIME type for them
            sql.append(cmp.op() == SearchQuery.Op.EQ || cmp.op() == SearchQuery.Op.LIKE ? "n.kind = 2" : "n.kind <> 2");
            return;
        }
        String column = column(cmp.field());
        if (cmp.field() == SearchQuery.Field.NAME) {
            column = "n.name COLLATE utf8mb4_unicode_ci"; // file name search ignores case, as users expect
        }
        String op = switch (cmp.op()) {
            case EQ -> " = ?";
            case LT -> " < ?";
            case LTE -> " <= ?";
            case GT -> " > ?";
            case GTE -> " >= ?";
            case LIKE -> " LIKE ?";
        };
        sql.append(column).append(op);
        params.add(cmp.value());
    }

    private static String column(SearchQuery.Field f) {
        return switch (f) {
            case NAME -> "n.name";
            case MIME -> "n.mime";
            case MTIME -> "n.mtime";
            case SIZE -> "n.size";
            case FILEID -> "n.id";
            case CREATED -> "n.created_at";
            case FAVORITE -> "n.id"; // ordering by favourite is not offered; never reached for conditions
        };
    }
}
