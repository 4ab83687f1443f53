package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.kiste.model.ConflictException;

/**
 * Copies a folder's subtree below a new folder row, level by level with {@code INSERT … SELECT}: rows, never
 * bytes (copies reference the same blobs), two statements per tree level whatever the number of nodes.
 */
final class TreeCopy {
    private TreeCopy() {}

    /**
     * The blobs the files of a copied level refer to, held shared until the transaction ends, must all be live. The
     * rows were copied with a consistent read, so a file of the source may have been deleted for good meanwhile and
     * its blob handed to the collector: the copy then fails rather than commit rows naming bytes about to go. A blob
     * held here is one the collector waits for, and then sees the copy's references.
     */
    private static void requireLiveBlobs(Connection c, int lvl) throws SQLException {
        // the condition is counted, not filtered on: a row a locking read filters out is unlocked again
        // each blob once, however many of the level's files share it
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(b.id IS NULL OR b.state <> 1), 0)"
                + " FROM (SELECT DISTINCT d.blob_id FROM copy_map m JOIN node d ON d.parent_id = m.new_id"
                + " WHERE m.lvl = ? AND d.blob_id IS NOT NULL) x"
                + " LEFT JOIN blob_object b ON b.id = x.blob_id LOCK IN SHARE MODE")) {
            ps.setInt(1, lvl);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    throw new ConflictException("files of the folder were deleted for good while it was copied");
                }
            }
        }
    }

    /**
     * Copies the children (recursively) of {@code fromFolder} into the existing, empty {@code toFolder} and returns
     * the bytes copied. The copied folders' sizes are summed from what was copied, not taken over from the source:
     * writes may change the source between the statements of a copy, and the copy must add up either way.
     */
    static long copyChildren(
            Connection c, long fromFolder, long toFolder, long spaceId, long now, Long actor, int maxDepth)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            // B-tree, not MEMORY's default hash index: every lookup is by level alone
            st.execute("CREATE TEMPORARY TABLE IF NOT EXISTS copy_map (lvl INT NOT NULL, old_id BIGINT NOT NULL,"
                    + " new_id BIGINT NOT NULL, PRIMARY KEY (lvl, old_id) USING BTREE) ENGINE=MEMORY");
            st.execute("DELETE FROM copy_map");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_map VALUES (0, ?, ?)")) {
            ps.setLong(1, fromFolder);
            ps.setLong(2, toFolder);
            ps.executeUpdate();
        }
        String insertNodes =
                "INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime, created_at, content_etag,"
                        + " tree_version, blob_id, mime, created_by)"
                        + " SELECT ?, m.new_id, s.name, s.kind,"
                        + " IF(s.kind = 2, 0, s.size),"
                        // a folder's size is summed below from what was copied; a copy is a new content version:
                        // its etag is unique (operation prefix + source id), not random per row, which would cost a
                        // random-number call for each of thousands of rows
                        + " s.mtime, ?, ?, IF(s.kind = 1, CONCAT(?, HEX(s.id)), NULL), 0, s.blob_id, s.mime, ?"
                        + " FROM copy_map m JOIN node s ON s.parent_id = m.old_id WHERE m.lvl = ?";
        // only folders need an old -> new mapping (for the next level); files are matched by (parent, name)
        String mapNext = "INSERT INTO copy_map (lvl, old_id, new_id) SELECT ?, s.id, d.id FROM copy_map m"
                + " JOIN node s ON s.parent_id = m.old_id AND s.kind = 2"
                // the copy's entry must be a folder too: the source may have changed between the statements
                + " JOIN node d ON d.parent_id = m.new_id AND d.name = s.name AND d.kind = 2 WHERE m.lvl = ?";
        String copyProps = "INSERT INTO dead_prop (node_id, prop_hash, namespace, localname, value)"
                + " SELECT d.id, p.prop_hash, p.namespace, p.localname, p.value FROM copy_map m"
                + " JOIN node s ON s.parent_id = m.old_id JOIN dead_prop p ON p.node_id = s.id"
                + " JOIN node d ON d.parent_id = m.new_id AND d.name = s.name AND d.kind = s.kind WHERE m.lvl = ?";
        String etagPrefix = Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                .substring(0, 8);
        int levels = 0;
        for (int lvl = 0; lvl < maxDepth; lvl++) {
            int inserted;
            try (PreparedStatement ps = c.prepareStatement(insertNodes)) {
                ps.setLong(1, spaceId);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setString(4, etagPrefix + "c");
                NodeRepository.setNullable(ps, 5, actor);
                ps.setInt(6, lvl);
                inserted = ps.executeUpdate();
            }
            if (inserted == 0) {
                break;
            }
            levels = lvl + 1;
            requireLiveBlobs(c, lvl);
            try (PreparedStatement ps = c.prepareStatement(mapNext)) {
                ps.setInt(1, lvl + 1);
                ps.setInt(2, lvl);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(copyProps)) {
                ps.setInt(1, lvl);
                ps.executeUpdate();
            }
        }
        // deepest folders first, so each level sums finished sizes
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE node f JOIN copy_map m ON m.new_id = f.id AND m.lvl = ? AND f.kind = 2"
                        + " SET f.size = (SELECT COALESCE(SUM(ch.size), 0) FROM node ch WHERE ch.parent_id = f.id)")) {
            for (int lvl = levels; lvl >= 0; lvl--) {
                ps.setInt(1, lvl);
                ps.executeUpdate();
            }
        }
        long copied;
        try (PreparedStatement ps = c.prepareStatement("SELECT size FROM node WHERE id = ?")) {
            ps.setLong(1, toFolder);
            try (ResultSet rs = ps.executeQuery()) {
                copied = rs.next() ? rs.getLong(1) : 0;
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM copy_map");
        }
        return copied;
    }
}
