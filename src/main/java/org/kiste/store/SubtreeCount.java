package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Counts the nodes below a folder level by level on the {@code (parent_id, name)} index, a thousand folders per
 * statement, and stops as soon as the count passes its limit: the cost is bounded by the limit, not by the size of
 * the tree.
 */
final class SubtreeCount {
    private static final int BATCH = 1000;
    /** Deeper than any path the files core accepts; bounds the loop should the tree ever hold a cycle. */
    private static final int MAX_LEVELS = 1000;

    private SubtreeCount() {}

    /** The number of nodes below {@code folderId}, or a number above {@code limit} once it is passed. */
    static long below(Connection c, long folderId, long limit) throws SQLException {
        long count = 0;
        List<Long> level = List.of(folderId);
        for (int depth = 0; depth < MAX_LEVELS && !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (int from = 0; from < level.size(); from += BATCH) {
                List<Long> batch = level.subList(from, Math.min(level.size(), from + BATCH));
                String in = String.join(",", Collections.nCopies(batch.size(), "?"));
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT COUNT(*) FROM node WHERE parent_id IN (" + in + ")")) {
                    bind(ps, batch);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        count += rs.getLong(1);
                    }
                }
                if (count > limit) {
                    return count;
                }
                // every folder read here was counted above, so this list never holds more than limit ids
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT id FROM node WHERE parent_id IN (" + in + ") AND kind = 2")) {
                    bind(ps, batch);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            next.add(rs.getLong(1));
                        }
                    }
                }
            }
            level = next;
        }
        return count;
    }

    private static void bind(PreparedStatement ps, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setLong(i + 1, ids.get(i));
        }
    }
}
