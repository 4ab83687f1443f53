package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.kiste.model.Node;
import org.kiste.model.NodeKind;

/** SQL for the node tree. Every method runs on a connection the caller controls (and so in its transaction). */
public final class NodeRepository {
    /** MariaDB joins at most 61 tables; longer paths are resolved in slices. */
    private static final int SLICE = 40;

    private final Supplier<String> epoch;

    public NodeRepository(Supplier<String> epoch) {
        this.epoch = epoch;
    }

    /** The instance epoch folder etags are made with; other repositories returning nodes share it. */
    public Supplier<String> epoch() {
        return epoch;
    }

    /** The outcome of walking a path: ids from the start node down, and the node at its end when all names exist. */
    /**
     * @param spaceMayHaveLocks false only when the walk's own statement saw no live WebDAV lock in the space, so a
     *                          writer can skip reading the locks (the common case: one round trip less per write)
     */
    public record Walk(long[] chain, int found, Node node, boolean endsInFolder, boolean spaceMayHaveLocks) {
        public boolean complete(int depth) {
            return found == depth;
        }

        /** True when every name but the last exists and the deepest one found is a folder. */
        public boolean parentExists(int depth) {
            return found >= depth - 1 && (found == depth || endsInFolder);
        }
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
     * Resolves {@code names} below {@code rootId} with one k-way self-join on {@code (parent_id, name)} per slice
     * of up to {@link #SLICE} names. Returns the chain root..deepest existing node; {@code node} is the last one
     * only when every name was found.
     */
    public Walk walk(Connection c, long rootId, List<String> names) throws SQLException {
        long[] chain = new long[names.size() + 1];
        chain[0] = rootId;
        if (names.isEmpty()) {
            Node root = byId(c, rootId);
            return new Walk(chain, root == null ? -1 : 0, root, true, true);
        }
        int found = 0;
        Node last = null;
        boolean locks = true;
        for (int from = 0; from < names.size(); from += SLICE) {
            int to = Math.min(names.size(), from + SLICE);
            int k = to - from;
            String sql = walkSql(k);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (int i = from + 1; i < to; i++) {
                    ps.setString(p++, names.get(i));
                }
                ps.setLong(p++, chain[from]);
                ps.setString(p, names.get(from));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Walk(Arrays.copyOf(chain, found + 1), found, null, true, locks);
                    }
                    if (from == 0) {
                        locks = rs.getInt("live_locks") > 0;
                    }
                    for (int i = 1; i < k; i++) {
                        long id = rs.getLong("id" + i);
                        if (rs.wasNull()) {
                            return new Walk(Arrays.copyOf(chain, found + 1), found, null, true, locks);
                        }
                        chain[++found] = id;
                        if (rs.getInt("kind" + i) != NodeKind.FOLDER.code) {
                            // a file in the middle of a path: nothing lies below it
                            return new Walk(Arrays.copyOf(chain, found + 1), found, null, false, locks);
                        }
                    }
                    long id = rs.getLong("id");
                    if (rs.wasNull()) {
                        return new Walk(Arrays.copyOf(chain, found + 1), found, null, true, locks);
                    }
                    chain[++found] = id;
                    last = NodeRows.map(rs, epoch.get(), 0, 0, 0);
                    if (to < names.size() && !last.isFolder()) {
                        return new Walk(Arrays.copyOf(chain, found + 1), found, null, false, locks);
                    }
                }
            }
        }
        if (last != null && last.isFolder()) {
            // a folder's etag and size need its pending journal rows, read in the same statement as its row
            // (one snapshot); files, the common case of GET and PUT, skip this
            last = byId(c, last.id());
            if (last == null) {
                return new Walk(Arrays.copyOf(chain, found), found - 1, null, true, locks);
            }
        }
        return new Walk(chain, found, last, last != null && last.isFolder(), locks);
    }

    /**
     * Re-reads a file row and locks it until the transaction ends (concurrent writers of one file serialise here).
     * The blob is not read (and not locked: many files may share one blob).
     */
    public Node fileForUpdate(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NodeRows.COLUMNS.replace(", b.storage_key, b.sha256, b.sha1, b.md5",
                ", NULL AS storage_key, NULL AS sha256, NULL AS sha1, NULL AS md5") + ", NULL AS pending"
                + " FROM node n WHERE n.id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? NodeRows.mapWithPending(rs, epoch.get()) : null;
            }
        }
    }

    private static final String[] WALK_SQL = new String[SLICE + 1];

    /** The k-way self-join for k names, built once per k. */
    private static String walkSql(int k) {
        String cached = WALK_SQL[k];
        if (cached != null) {
            return cached;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 1; i < k; i++) {
            sql.append("n").append(i).append(".id AS id").append(i).append(", n").append(i).append(".kind AS kind").append(i).append(", ");
        }
        sql.append(NodeRows.COLUMNS.replace("n.", "n" + k + "."));
        sql.append(", (SELECT COUNT(*) FROM dav_lock dl WHERE dl.space_id = n1.space_id AND dl.expires_at > NOW(3))"
                + " AS live_locks");
        sql.append(" FROM node n1");
        for (int i = 2; i <= k; i++) {
            sql.append(" LEFT JOIN node n").append(i).append(" ON n").append(i).append(".parent_id = n").append(i - 1)
                    .append(".id AND n").append(i).append(".name = ?");
        }
        sql.append(" LEFT JOIN blob_object b ON b.id = n").append(k).append(".blob_id");
        sql.append(" WHERE n1.parent_id = ? AND n1.name = ?");
        WALK_SQL[k] = sql.toString();
        return WALK_SQL[k];
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
     * is held for one page, never while the response is written). Pending changes of child folders are read with
     * one grouped query per page.
     */
    public List<Node> children(Connection c, long parentId, String afterName, int limit) throws SQLException {
        // pending journal rows of child folders come from the same statement (one snapshot), so a listed folder
        // shows the same etag and size as its own Depth 0 answer even while folding runs
        String sql = "SELECT " + NodeRows.COLUMNS + ", IF(n.kind = 2, " + NodeRows.PENDING_VALUE + ", NULL) AS pending"
                + NodeRows.FROM + " WHERE n.parent_id = ?" + (afterName == null ? "" : " AND n.name > ?")
                + " ORDER BY n.name LIMIT ?";
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
                    out.add(NodeRows.mapWithPending(rs, ep));
                }
            }
        }
        return out;
    }

    public long insertFolder(Connection c, long spaceId, Long parentId, String name, long now, Long actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime,"
                + " created_at, created_by) VALUES (?, ?, ?, 2, 0, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
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

    public long insertFile(Connection c, long spaceId, long parentId, String name, long size, long mtime, long now,
                           String etag, Long blobId, String mime, Long actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime,"
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

    public void replaceContent(Connection c, long id, long size, long mtime, long now, String etag, Long blobId, String mime)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET size = ?, mtime = ?, ctime = ?, content_etag = ?,"
                + " blob_id = ?, mime = ? WHERE id = ?")) {
            ps.setLong(1, size);
            ps.setLong(2, mtime);
            ps.setLong(3, now);
            ps.setString(4, etag);
            setNullable(ps, 5, blobId);
            ps.setString(6, mime);
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    public void setMtime(Connection c, long id, long mtime) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET mtime = ? WHERE id = ?")) {
            ps.setLong(1, mtime);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Re-parents and/or renames one row: the whole cost of a MOVE within a space. */
    public void relink(Connection c, long id, long newParentId, String newName, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET parent_id = ?, name = ?, ctime = ? WHERE id = ?")) {
            ps.setLong(1, newParentId);
            ps.setString(2, newName);
            ps.setLong(3, now);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
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
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM node WHERE parent_id IN (" + in + ") AND kind = 2")) {
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setLong(i + 1, batch.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            next.add(rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE node SET space_id = ? WHERE parent_id IN (" + in + ")")) {
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
     * The space of a folder a write adds to or takes from, read with a shared lock held until the transaction ends:
     * a concurrent MOVE that carries the folder into another space must wait for the write (and then carries the
     * write's rows along), or has committed first (then this answers the new space). Null when the row is gone.
     */
    public Long holdFolder(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT space_id FROM node WHERE id = ? LOCK IN SHARE MODE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Locks a row for the rest of the transaction (serialises concurrent writers of one name or one space). */
    public void lockRow(Connection c, String table, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            ps.executeQuery().close();
        }
    }

    public long ancestorsContain(Connection c, long startId, long needle, int maxDepth) throws SQLException {
        long cur = startId;
        for (int i = 0; i < maxDepth && cur != 0; i++) {
            if (cur == needle) {
                return 1;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT parent_id FROM node WHERE id = ?")) {
                ps.setLong(1, cur);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    cur = rs.getLong(1);
                }
            }
        }
        return 0;
    }

    /** Copies the subtree below {@code fromFolder} into the empty folder {@code toFolder} (rows only). */
    public void copyChildren(Connection c, long fromFolder, long toFolder, long spaceId, long now, Long actor)
            throws SQLException {
        TreeCopy.copyChildren(c, fromFolder, toFolder, spaceId, now, actor, 1000);
    }

    public long copyFileRow(Connection c, Node src, long spaceId, long parentId, String name, long now, String etag,
                            Long actor) throws SQLException {
        return insertFile(c, spaceId, parentId, name, src.size(), src.mtime(), now, etag,
                src.blob() == null ? null : src.blob().id(), src.mime(), actor);
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
