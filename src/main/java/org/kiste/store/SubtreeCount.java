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
 * statement, and stops as soon as the count passes its limit: the rows read are bounded by the limit (and the
 * number of levels), not by the size of the tree or of one folder.
 */
final class SubtreeCount {
    private static final int BATCH = 1000;

    private SubtreeCount() {}

    /**
     * The number of nodes below {@code folderId}, or a number above {@code limit} once it is passed; a tree with
     * nodes more than {@code maxLevels} levels below the folder counts as {@link Long#MAX_VALUE}.
     */
    static long below(Connection c, long folderId, long limit, int maxLevels) throws SQLException {
        long count = 0;
        List<Long> level = List.of(folderId);
        for (int depth = 0; !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (int from = 0; from < level.size(); from += BATCH) {
                List<Long> batch = level.subList(from, Math.min(level.size(), from + BATCH));
                String in = String.join(",", Collections.nCopies(batch.size(), "?"));
                // a wide folder is not read past the limit either
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM node WHERE parent_id IN (" + in + ") LIMIT ?) t")) {
                    bind(ps, batch);
                    ps.setLong(batch.size() + 1, Math.max(0, limit - count) + 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long found = rs.getLong(1);
                        if (found > 0 && depth >= maxLevels) {
                            return Long.MAX_VALUE; // these lie maxLevels + 1 levels below
                        }
                        count += found;
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
