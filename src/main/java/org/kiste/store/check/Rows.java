package org.kiste.store.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.kiste.store.Database;

/** One read statement whose rows go to a callback: every tree check is one such statement, one snapshot. */
final class Rows {
    /** A check reports at most this many rows of one statement; the report counts the rest as "more". */
    static final int LIMIT = 1000;

    interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private Rows() {}

    /**
     * Runs {@code sql} (which ends without a LIMIT; one of {@link #LIMIT} is added) with {@code params}; returns
     * whether it stopped at the limit (there may be more rows).
     */
    static boolean each(Database db, String sql, Row row, Object... params) {
        return db.read(c -> each(c, sql, row, params));
    }

    /**
     * Like {@link #each(Database, String, Row, Object...)}, for a recursive statement: the session's bound on
     * recursion (MariaDB's default is 1,000 levels) is raised for it, so that a deep tree is walked whole.
     */
    static boolean eachRecursive(Database db, String sql, Row row) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SET SESSION max_recursive_iterations = 1000000")) {
                ps.execute();
            }
            try {
                return each(c, sql, row);
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SET SESSION max_recursive_iterations = DEFAULT")) {
                    ps.execute();
                }
            }
        });
    }

    private static boolean each(Connection c, String sql, Row row, Object... params) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT " + LIMIT)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                    n++;
                }
            }
        }
        return n >= LIMIT;
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
