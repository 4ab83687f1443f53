package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.kiste.model.ConflictException;

/**
 * Copies a folder's subtree below a new folder row: rows, never bytes (copies reference the same blobs). The
 * source's nodes are first listed, level by level, in a session table of a few numbers per node ({@code copy_src}:
 * id, parent, kind, size, blob); what the copy will hold is decided there before anything is written: the bytes
 * (for the quota), the blobs (live, and held shared), the folder sizes. The rows are then written level by level
 * with one {@code INSERT … SELECT} each. A few statements per tree level whatever the number of nodes, and one
 * read of the source's rows for the listing and one for the names.
 */
final class TreeCopy {
    /** Room for the session tables of a copy of millions of nodes (tens of bytes each), used only as filled. */
    private static final long SESSION_TABLE_BYTES = 1L << 30;

    private TreeCopy() {}

    /**
     * Copies the children (recursively) of {@code fromFolder} into the existing, empty {@code toFolder} and returns
     * the bytes copied. The copied folders' sizes are summed from what is copied, not taken over from the source
     * (whose folder sizes may lag behind its files). {@code beforeWrite} hears the bytes before any row is written.
     */
    static long copyChildren(
            Connection c,
            long fromFolder,
            long toFolder,
            long spaceId,
            long now,
            Long actor,
            int maxDepth,
            NodeRepository.BytesCheck beforeWrite)
            throws SQLException {
        prepareTables(c);
        boolean done = false;
        try {
            int levels = list(c, fromFolder, maxDepth);
            long bytes = sumFolderSizes(c, levels);
            beforeWrite.check(bytes);
            requireLiveBlobs(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_map (old_id, new_id) VALUES (?, ?)")) {
                ps.setLong(1, fromFolder);
                ps.setLong(2, toFolder);
                ps.executeUpdate();
            }
            String etagPrefix = Long.toHexString(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                    .substring(0, 8);
            for (int lvl = 1; lvl <= levels; lvl++) {
                insertLevel(c, lvl, spaceId, now, actor, etagPrefix);
                if (lvl < levels) {
                    mapFolders(c, lvl);
                }
            }
            copyProps(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE node SET size = ? WHERE id = ?")) {
                ps.setLong(1, bytes);
                ps.setLong(2, toFolder);
                ps.executeUpdate();
            }
            done = true;
            dropTables(c);
            return bytes;
        } finally {
            if (!done) {
                try {
                    dropTables(c);
                } catch (SQLException e) {
                    // the copy's own failure is the one to report; the next copy on this connection empties them
                }
            }
        }
    }

    /** The session tables go with their memory (no implicit commit: they are TEMPORARY). */
    private static void dropTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TEMPORARY TABLE IF EXISTS copy_src, copy_map");
        }
    }

    private static void prepareTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET @kiste_heap = @@SESSION.max_heap_table_size");
            st.execute("SET SESSION max_heap_table_size = " + SESSION_TABLE_BYTES);
            try {
                // B-tree, not MEMORY's default hash index, where lookups are by a level or a parent alone
                st.execute("CREATE TEMPORARY TABLE IF NOT EXISTS copy_src (lvl INT NOT NULL,"
                        + " old_id BIGINT NOT NULL PRIMARY KEY, old_parent BIGINT NOT NULL, kind TINYINT NOT NULL,"
                        + " size BIGINT NOT NULL, blob_id BIGINT NULL, KEY (lvl, kind) USING BTREE,"
                        + " KEY (old_parent) USING BTREE) ENGINE=MEMORY");
                st.execute("CREATE TEMPORARY TABLE IF NOT EXISTS copy_map (old_id BIGINT NOT NULL PRIMARY KEY,"
                        + " new_id BIGINT NOT NULL) ENGINE=MEMORY");
            } finally {
                st.execute("SET SESSION max_heap_table_size = @kiste_heap");
            }
            st.execute("DELETE FROM copy_src");
            st.execute("DELETE FROM copy_map");
        }
    }

    /** Lists the subtree in {@code copy_src}, one statement per level; returns the number of levels. */
    private static int list(Connection c, long fromFolder, int maxDepth) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_src (lvl, old_id, old_parent, kind, size,"
                + " blob_id) SELECT 1, s.id, s.parent_id, s.kind, IF(s.kind = 2, 0, s.size), s.blob_id"
                + " FROM node s WHERE s.parent_id = ?")) {
            ps.setLong(1, fromFolder);
            if (ps.executeUpdate() == 0) {
                return 0;
            }
        }
        // the folders of the level just listed lead (STRAIGHT_JOIN): the node table is only ever read by parent
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_src (lvl, old_id, old_parent, kind, size,"
                + " blob_id) SELECT f.lvl + 1, s.id, s.parent_id, s.kind, IF(s.kind = 2, 0, s.size), s.blob_id"
                + " FROM copy_src f STRAIGHT_JOIN node s ON s.parent_id = f.old_id WHERE f.lvl = ? AND f.kind = 2")) {
            for (int lvl = 1; lvl < maxDepth; lvl++) {
                ps.setInt(1, lvl);
                if (ps.executeUpdate() == 0) {
                    return lvl;
                }
            }
        }
        return maxDepth;
    }

    /** Sets the listed folders' sizes from their listed members, deepest first; returns the bytes of the whole. */
    private static long sumFolderSizes(Connection c, int levels) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE copy_src f SET f.size ="
                + " (SELECT COALESCE(SUM(ch.size), 0) FROM copy_src ch WHERE ch.old_parent = f.old_id)"
                + " WHERE f.lvl = ? AND f.kind = 2")) {
            for (int lvl = levels - 1; lvl >= 1; lvl--) {
                ps.setInt(1, lvl);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size), 0) FROM copy_src WHERE lvl = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * The blobs the listed files refer to, held shared until the transaction ends, must all be live. The source was
     * listed without locks, so a file of it may have been deleted for good meanwhile and its blob handed to the
     * collector: the copy then fails rather than commit rows naming bytes about to go. A blob held here is one the
     * collector waits for, and then sees the copy's references. Each blob is locked once, however many files share
     * it.
     */
    private static void requireLiveBlobs(Connection c) throws SQLException {
        // the condition is counted, not filtered on: a row a locking read filters out is unlocked again
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(b.id IS NULL OR b.state <> 1), 0)"
                        + " FROM (SELECT DISTINCT blob_id FROM copy_src WHERE blob_id IS NOT NULL) x"
                        + " LEFT JOIN blob_object b ON b.id = x.blob_id LOCK IN SHARE MODE");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getLong(1) > 0) {
                throw new ConflictException("files of the folder were deleted for good while it was copied");
            }
        }
    }

    /**
     * Writes the rows of one level below the copies of their parents. Sizes and blobs come from the listing; names,
     * times and types from the source rows, which must all still be there.
     */
    private static void insertLevel(Connection c, int lvl, long spaceId, long now, Long actor, String etagPrefix)
            throws SQLException {
        int inserted;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime, created_at, content_etag,"
                        + " tree_version, blob_id, mime, created_by)"
                        + " SELECT ?, m.new_id, s.name, f.kind, f.size,"
                        // a copy is a new content version: its etag is unique (operation prefix + source id), not
                        // random per row, which would cost a random-number call for each of thousands of rows
                        + " s.mtime, ?, ?, IF(f.kind = 1, CONCAT(?, HEX(f.old_id)), NULL), 0, f.blob_id, s.mime, ?"
                        + " FROM copy_src f STRAIGHT_JOIN copy_map m ON m.old_id = f.old_parent"
                        + " STRAIGHT_JOIN node s ON s.id = f.old_id WHERE f.lvl = ?")) {
            ps.setLong(1, spaceId);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, etagPrefix + "c");
            NodeRepository.setNullable(ps, 5, actor);
            ps.setInt(6, lvl);
            inserted = ps.executeUpdate();
        }
        requireCount(c, lvl, false, inserted);
    }

    /** Maps the level's folders to their copies, for the level below. */
    private static void mapFolders(Connection c, int lvl) throws SQLException {
        int mapped;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_map (old_id, new_id) SELECT f.old_id, d.id"
                + " FROM copy_src f STRAIGHT_JOIN copy_map m ON m.old_id = f.old_parent"
                + " STRAIGHT_JOIN node s ON s.id = f.old_id"
                + " STRAIGHT_JOIN node d ON d.parent_id = m.new_id AND d.name = s.name AND d.kind = 2"
                + " WHERE f.lvl = ? AND f.kind = 2")) {
            ps.setInt(1, lvl);
            mapped = ps.executeUpdate();
        }
        requireCount(c, lvl, true, mapped);
    }

    /**
     * A source node deleted, or a source folder renamed, between the listing and the write: the copy would not add
     * up, so it fails (nothing of it is committed) and may be tried again.
     */
    private static void requireCount(Connection c, int lvl, boolean foldersOnly, int done) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM copy_src WHERE lvl = ?" + (foldersOnly ? " AND kind = 2" : ""))) {
            ps.setInt(1, lvl);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) != done) {
                    throw new ConflictException("the folder changed while it was copied");
                }
            }
        }
    }

    /** Copies the dead properties of the copied nodes: one statement, led by the nodes that have any. */
    private static void copyProps(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO dead_prop (node_id, prop_hash, namespace, localname, value)"
                    + " SELECT d.id, p.prop_hash, p.namespace, p.localname, p.value"
                    + " FROM copy_src f STRAIGHT_JOIN dead_prop p ON p.node_id = f.old_id"
                    + " STRAIGHT_JOIN copy_map m ON m.old_id = f.old_parent STRAIGHT_JOIN node s ON s.id = f.old_id"
                    + " STRAIGHT_JOIN node d ON d.parent_id = m.new_id AND d.name = s.name AND d.kind = f.kind");
        }
    }
}
