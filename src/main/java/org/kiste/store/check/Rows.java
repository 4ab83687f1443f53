package org.kiste.store.check;

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

    /** Runs {@code sql} (which ends without a LIMIT; one of {@link #LIMIT} is added) with {@code params}. */
    static void each(Database db, String sql, Row row, Object... params) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql + " LIMIT " + LIMIT)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.read(rs);
                    }
                }
            }
            return null;
        });
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
