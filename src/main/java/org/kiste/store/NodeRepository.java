package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.kiste.model.ContentDetails;
import org.kiste.model.Node;

/** SQL for the node tree. Every method runs on a connection the caller controls (and so in its transaction). */
public final class NodeRepository {

    private final Supplier<String> epoch;

    public NodeRepository(Supplier<String> epoch) {
        this.epoch = epoch;
    }

    /** The instance epoch folder etags are made with; other repositories returning nodes share it. */
    public Supplier<String> epoch() {
        return epoch;
    }

    public Node byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + NodeRows.COLUMNS + ", " + NodeRows.PENDING + NodeRows.FROM + " WHERE n.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? NodeRows.mapWithPending(rs, epoch.get()) : null;
            }
        }
    }

    /**
     * Resolves {@code names} below {@code rootId}. Returns the chain root..deepest existing node; {@code node} is the
     * last one only when every name was found.
     */
    public Walk walk(Connection c, long rootId, List<String> names) throws SQLException {
        return TreeWalk.walk(c, rootId, names, false, this);
    }

    public Node child(Connection c, long parentId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NodeRows.COLUMNS + ", " + NodeRows.PENDING
                + NodeRows.FROM + " WHERE n.parent_id = ? AND n.name = ?")) {
            ps.setLong(1, parentId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? NodeRows.mapWithPending(rs, epoch.get()) : null;
            }
        }
    }

    /**
     * One page of a folder's children in name order, after {@code afterName} (keyset pagination: the connection
     * is held for one page, never while the response is written), with their content details. Pending changes of
     * child folders are read in the same statement.
     */
    public List<Node> children(Connection c, long parentId, String afterName, int limit) throws SQLException {
        return children(c, parentId, afterName, limit, ContentDetails.INCLUDED);
    }

    /**
     * As {@link #children(Connection, long, String, int)}; with {@link ContentDetails#OMITTED} the blob rows are not
     * read (no join): each file with content carries a blob known by its id alone ({@link Node.Blob#idOnly}), whose
     * key and digests cannot be read, so these nodes may not be given to anything that reads content or checksums.
     */
    public List<Node> children(Connection c, long parentId, String afterName, int limit, ContentDetails details)
            throws SQLException {
        boolean detailed = details == ContentDetails.INCLUDED;
        // pending journal rows of child folders come from the same statement (one snapshot), so a listed folder
        // shows the same etag and size as its own Depth 0 answer even while folding runs
        String sql = "SELECT " + (detailed ? NodeRows.COLUMNS : NodeRows.NODE_COLUMNS) + ", IF(n.kind = 2, "
                + NodeRows.PENDING_VALUE + ", NULL) AS pending" + (detailed ? NodeRows.FROM : NodeRows.NODE_FROM)
                + " WHERE n.parent_id = ?" + (afterName == null ? "" : " AND n.name > ?") + " ORDER BY n.name LIMIT ?";
        List<Node> out = new ArrayList<>();
        String ep = epoch.get();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setLong(p++, parentId);
            if (afterName != null) {
                ps.setString(p++, afterName);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(NodeRows.mapWithPending(rs, ep, details));
                }
            }
        }
        return out;
    }

    /**
     * The number of nodes anywhere below {@code folderId}, counting stopped once it passes {@code limit} (the
     * result is then some number above it); {@link Long#MAX_VALUE} when nodes lie more than {@code maxLevels} levels
     * below. Run it in a {@link Database#snapshot} for one consistent count.
     */
    public long countBelow(Connection c, long folderId, long limit, int maxLevels) throws SQLException {
        return SubtreeCount.below(c, folderId, limit, maxLevels);
    }

    public long insertFolder(Connection c, long spaceId, Long parentId, String name, long now, Long actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime,"
                        + " created_at, created_by) VALUES (?, ?, ?, 2, 0, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, spaceId);
            if (parentId == null) {
                ps.setNull(2, java.sql.Types.BIGINT);
            } else {
                ps.setLong(2, parentId);
            }
            ps.setString(3, name);
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setLong(6, now);
            setNullable(ps, 7, actor);
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    public long insertFile(
            Connection c,
            long spaceId,
            long parentId,
            String name,
            long size,
            long mtime,
            long now,
            String etag,
            Long blobId,
            String mime,
            Long actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime,"
                        + " created_at, content_etag, blob_id, mime, created_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, spaceId);
            ps.setLong(2, parentId);
            ps.setString(3, name);
            ps.setLong(4, size);
            ps.setLong(5, mtime);
            ps.setLong(6, now);
            ps.setLong(7, now);
            ps.setString(8, etag);
            setNullable(ps, 9, blobId);
            ps.setString(10, mime);
            setNullable(ps, 11, actor);
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    /**
     * Points a file at new content, if its content is still the version {@code expectedEtag} the caller decided on;
     * false when a concurrent write replaced it first.
     */
    public void setMtime(Connection c, long id, long mtime) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET mtime = ? WHERE id = ?")) {
            ps.setLong(1, mtime);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * Re-parents and/or renames one row, the whole cost of a MOVE within a space, if it still hangs where
     * {@code expected} says; false when a concurrent write moved it first.
     */
    public boolean relink(Connection c, long id, Placement expected, long newParentId, String newName, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET parent_id = ?, name = ?, ctime = ?"
                + " WHERE id = ? AND parent_id = ? AND name = ? AND space_id = ?")) {
            ps.setLong(1, newParentId);
            ps.setString(2, newName);
            ps.setLong(3, now);
            ps.setLong(4, id);
            ps.setLong(5, expected.parentId());
            ps.setString(6, expected.name());
            ps.setLong(7, expected.spaceId());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Removes a file whose content went into another node (a MOVE over an existing file keeps the destination and
     * consumes the source), with its properties, favourite marks and locks; false when it no longer hangs where
     * {@code expected} says. Its blob stays for garbage collection.
     */
    public boolean removeFile(Connection c, long id, Placement expected) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM node WHERE id = ? AND kind = 1 AND parent_id = ?" + " AND name = ? AND space_id = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, expected.parentId());
            ps.setString(3, expected.name());
            ps.setLong(4, expected.spaceId());
            n = ps.executeUpdate();
        }
        if (n != 1) {
            return false;
        }
        for (String sql : new String[] {
            "DELETE FROM dead_prop WHERE node_id = ?",
            "DELETE FROM favorite WHERE node_id = ?",
            "DELETE FROM dav_lock WHERE node_id = ?"
        }) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
        return true;
    }

    /**
     * Gives a subtree to another space (a MOVE between spaces, after its root was relinked there): the one field a
     * node's space decides. Level by level, folders only in the IN lists, so the cost is one statement per level and
     * per thousand folders; ids, etags and dead properties stay. Returns the number of rows changed.
     */
    public long changeSpace(Connection c, long rootId, long spaceId, int maxDepth) throws SQLException {
        long changed;
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET space_id = ? WHERE id = ?")) {
            ps.setLong(1, spaceId);
            ps.setLong(2, rootId);
            changed = ps.executeUpdate();
        }
        List<Long> level = List.of(rootId);
        for (int depth = 0; depth < maxDepth && !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (int from = 0; from < level.size(); from += 1000) {
                List<Long> batch = level.subList(from, Math.min(level.size(), from + 1000));
                String in = String.join(",", java.util.Collections.nCopies(batch.size(), "?"));
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT id FROM node WHERE parent_id IN (" + in + ") AND kind = 2")) {
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setLong(i + 1, batch.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            next.add(rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE node SET space_id = ? WHERE parent_id IN (" + in + ")")) {
                    ps.setLong(1, spaceId);
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setLong(i + 2, batch.get(i));
                    }
                    changed += ps.executeUpdate();
                }
            }
            level = next;
        }
        return changed;
    }

    /**
     * Copies the subtree below {@code fromFolder} into the empty folder {@code toFolder} (rows only), sets the
     * copied folders' sizes (the new folder's too) from what was copied, and returns the bytes copied.
     */
    public long copyChildren(Connection c, long fromFolder, long toFolder, long spaceId, long now, Long actor)
            throws SQLException {
        return TreeCopy.copyChildren(c, fromFolder, toFolder, spaceId, now, actor, 1000);
    }

    /** Adds {@code delta} bytes to the folded size of each folder (new folders of a copy, not yet visible to anyone). */
    public void growSizes(Connection c, long[] folderIds, long delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET size = size + ? WHERE id = ?")) {
            for (long id : folderIds) {
                ps.setLong(1, delta);
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public long copyFileRow(
            Connection c, Node src, long spaceId, long parentId, String name, long now, String etag, Long actor)
            throws SQLException {
        return insertFile(
                c,
                spaceId,
                parentId,
                name,
                src.size(),
                src.mtime(),
                now,
                etag,
                src.blob() == null ? null : src.blob().id(),
                src.mime(),
                actor);
    }

    static void setNullable(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.getGeneratedKeys()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * For each given node that is live (its ancestors reach its space's root, not a trash container), the ids from
     * the space root down to the node itself; nodes in a trash or gone are left out. One statement for all.
     */
    public java.util.Map<Long, long[]> liveChains(Connection c, java.util.Collection<Long> ids) throws SQLException {
        java.util.Map<Long, long[]> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        String sql = "WITH RECURSIVE up (start_id, id, parent_id, depth) AS ("
                + " SELECT id, id, parent_id, 0 FROM node WHERE id IN (" + marks + ")"
                + " UNION ALL SELECT up.start_id, n.id, n.parent_id, up.depth + 1 FROM up JOIN node n ON n.id = up.parent_id"
                + " WHERE up.depth < 1000)"
                + " SELECT up.start_id, up.id, up.depth, up.parent_id IS NULL AS top,"
                + " EXISTS (SELECT 1 FROM space s WHERE s.root_node_id = up.id) AS is_root"
                + " FROM up ORDER BY up.start_id, up.depth DESC";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                long current = -1;
                long[] chain = null;
                boolean live = false;
                while (rs.next()) {
                    long start = rs.getLong(1);
                    if (start != current) {
                        if (live) {
                            out.put(current, chain);
                        }
                        current = start;
                        // rows come deepest ancestor first: the first row's depth is the chain's length - 1
                        chain = new long[rs.getInt(3) + 1];
                        live = rs.getBoolean(4) && rs.getBoolean(5);
                    }
                    chain[chain.length - 1 - rs.getInt(3)] = rs.getLong(2);
                }
                if (live) {
                    out.put(current, chain);
                }
            }
        }
        return out;
    }

    /** True when {@code nodeId} lies strictly below {@code ancestorId} (walks up; paths are bounded in depth). */
    public boolean isBelow(Connection c, long nodeId, long ancestorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE up (id, parent_id, depth) AS ("
                + " SELECT id, parent_id, 0 FROM node WHERE id = ?"
                + " UNION ALL SELECT n.id, n.parent_id, up.depth + 1 FROM node n JOIN up ON n.id = up.parent_id WHERE up.depth < 1000)"
                + " SELECT 1 FROM up WHERE parent_id = ? LIMIT 1")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, ancestorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The path of a node inside its space ("/a/b"; "/" for the root), or null when the node is gone. */
    public String pathInSpace(Connection c, long nodeId) throws SQLException {
        List<String> names = new ArrayList<>();
        long cur = nodeId;
        for (int i = 0; i < 1000; i++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT parent_id, name FROM node WHERE id = ?")) {
                ps.setLong(1, cur);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long parent = rs.getLong(1);
                    if (rs.wasNull()) {
                        break;
                    }
                    names.add(0, rs.getString(2));
                    cur = parent;
                }
            }
        }
        return "/" + String.join("/", names);
    }

    /** The names of the given nodes, by id. */
    public java.util.Map<Long, String> names(Connection c, java.util.Collection<Long> ids) throws SQLException {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM node WHERE id IN (" + marks + ")")) {
            int i = 1;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
