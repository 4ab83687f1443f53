package org.kiste.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.kiste.blob.InlineBlobs;
import org.kiste.testing.TestServer;

/**
 * What must hold in the database whatever raced or crashed, checked on one consistent snapshot (REPEATABLE READ):
 * <ul>
 *   <li>no node is both live and in the trash;</li>
 *   <li>every node lives in its parent's space, and only roots and trash containers have no parent;</li>
 *   <li>the tree has no cycles and no node hangs below a missing parent;</li>
 *   <li>no committed row points at a missing blob: each file's blob is live, on disk, and of the file's size, and so
 *       is each version's (and a version belongs to a file);</li>
 *   <li>each space's root size (folded plus pending journal rows) is the sum of its live files (quota does not
 *       drift).</li>
 * </ul>
 * Returns readable violations; an empty list means the database is sound. The tree is read whole and walked here
 * rather than with recursive SQL: the walk must survive exactly the cycles and dangling parents it looks for.
 */
public final class TreeInvariants {
    /** More findings of one kind add nothing for a reader: the rest is counted. */
    private static final int SHOWN_PER_KIND = 15;
    /** Deeper than any real tree (the server refuses deeper ones): a longer chain is reported as broken. */
    private static final int MAX_DEPTH = 10_000;

    private record VersionRow(long id, long nodeId, Long blobId, long size) {}

    private final List<VersionRow> versions = new ArrayList<>();

    private record NodeRow(long id, long spaceId, Long parentId, String name, boolean file, long size, Long blobId) {}

    private record SpaceRow(long id, Long rootId, Long trashId) {}

    private record TrashRow(long nodeId, long spaceId) {}

    /** {@code inlineLength}: the length of the bytes kept in the row (null when there are none). */
    private record BlobRow(long id, int state, long size, String key, Long inlineLength) {}

    private final Set<Long> scope;
    private final Path blobDir;
    private final Map<Long, NodeRow> nodes = new HashMap<>();
    private final Map<Long, List<Long>> children = new HashMap<>();
    private final Map<Long, SpaceRow> spaces = new HashMap<>();
    private final Map<Long, TrashRow> trash = new HashMap<>();
    private final Map<Long, Long> rootPending = new HashMap<>();
    private final Map<Long, BlobRow> blobs = new HashMap<>();
    private final Map<String, List<String>> found = new java.util.LinkedHashMap<>();

    private TreeInvariants(Set<Long> scope, Path blobDir) {
        this.scope = scope;
        this.blobDir = blobDir;
    }

    /** Every space of the test server's database. */
    public static List<String> check(TestServer ts) {
        return check(ts.backend.database().dataSource(), ts.backend.config().blobDir(), null);
    }

    /**
     * Only what concerns these spaces (a node in or below one of them, or whose parent is): tests that share one
     * database with others judge their own spaces.
     */
    public static List<String> check(TestServer ts, Collection<Long> spaceIds) {
        return check(ts.backend.database().dataSource(), ts.backend.config().blobDir(), spaceIds);
    }

    /** @param spaceIds the spaces to judge, or null for all */
    public static List<String> check(DataSource ds, Path blobDir, Collection<Long> spaceIds) {
        try (Connection c = ds.getConnection()) {
            return check(c, blobDir, spaceIds);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tree: " + e.getMessage(), e);
        }
    }

    /** Reads on {@code c} in a read-only snapshot transaction of its own, then leaves it as it was. */
    public static List<String> check(Connection c, Path blobDir, Collection<Long> spaceIds) throws SQLException {
        TreeInvariants t = new TreeInvariants(spaceIds == null ? null : Set.copyOf(spaceIds), blobDir);
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            t.load(c);
        } finally {
            c.rollback();
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
        t.trashIsNotLive();
        t.spacesAgree();
        t.noCyclesNorOrphans();
        t.blobsExist();
        t.rootSizesAddUp();
        return t.report();
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    private void load(Connection c) throws SQLException {
        // the first read fixes the snapshot every later statement of this transaction sees
        query(
                c,
                "SELECT id, root_node_id, trash_node_id FROM space",
                rs -> spaces.put(rs.getLong(1), new SpaceRow(rs.getLong(1), nullableLong(rs, 2), nullableLong(rs, 3))));
        query(c, "SELECT id, space_id, parent_id, name, kind, size, blob_id FROM node", rs -> {
            NodeRow n = new NodeRow(
                    rs.getLong(1),
                    rs.getLong(2),
                    nullableLong(rs, 3),
                    rs.getString(4),
                    rs.getInt(5) == 1,
                    rs.getLong(6),
                    nullableLong(rs, 7));
            nodes.put(n.id(), n);
            if (n.parentId() != null) {
                children.computeIfAbsent(n.parentId(), k -> new ArrayList<>()).add(n.id());
            }
        });
        query(
                c,
                "SELECT id, node_id, blob_id, size FROM file_version",
                rs -> versions.add(new VersionRow(rs.getLong(1), rs.getLong(2), nullableLong(rs, 3), rs.getLong(4))));
        query(
                c,
                "SELECT node_id, space_id FROM trash_item",
                rs -> trash.put(rs.getLong(1), new TrashRow(rs.getLong(1), rs.getLong(2))));
        // pending journal rows of a root, as NodeRows.PENDING_VALUE adds them to the folded size
        query(
                c,
                "SELECT fc.folder_id, SUM(fc.size_delta) FROM folder_change fc"
                        + " JOIN space s ON s.root_node_id = fc.folder_id GROUP BY fc.folder_id",
                rs -> rootPending.put(rs.getLong(1), rs.getLong(2)));
        query(
                c,
                "SELECT DISTINCT b.id, b.state, b.size, b.storage_key, OCTET_LENGTH(bc.content) FROM blob_object b"
                        + " JOIN node n ON n.blob_id = b.id LEFT JOIN blob_content bc ON bc.blob_id = b.id UNION"
                        + " SELECT b.id, b.state, b.size, b.storage_key, OCTET_LENGTH(bc.content) FROM blob_object b"
                        + " JOIN file_version v ON v.blob_id = b.id LEFT JOIN blob_content bc ON bc.blob_id = b.id",
                rs -> blobs.put(
                        rs.getLong(1),
                        new BlobRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4), nullableLong(rs, 5))));
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    // ---- the invariants ----------------------------------------------------------------------------------------

    /** A trash record's node hangs directly in its space's trash container, and no live node has a trash record. */
    private void trashIsNotLive() {
        Map<Long, Long> trashContainers = new HashMap<>();
        for (SpaceRow s : spaces.values()) {
            if (s.trashId() != null) {
                trashContainers.put(s.trashId(), s.id());
            }
        }
        for (TrashRow t : trash.values()) {
            NodeRow n = nodes.get(t.nodeId());
            if (!inScope(t.spaceId()) && (n == null || !inScope(n.spaceId()))) {
                continue;
            }
            SpaceRow s = spaces.get(t.spaceId());
            if (n == null) {
                add("trash", "trash record of node " + t.nodeId() + " (space " + t.spaceId() + ") names no node");
            } else if (s == null || s.trashId() == null || !s.trashId().equals(n.parentId())) {
                add(
                        "trash",
                        "node " + describe(n.id()) + " has a trash record of space " + t.spaceId()
                                + " but its parent is " + n.parentId() + ", not that space's trash container "
                                + (s == null ? "(no such space)" : s.trashId()));
            } else if (n.spaceId() != t.spaceId()) {
                add(
                        "trash",
                        "node " + n.id() + " of space " + n.spaceId() + " has a trash record of space " + t.spaceId());
            }
        }
        for (NodeRow n : nodes.values()) {
            Long bin = n.parentId() == null ? null : trashContainers.get(n.parentId());
            if (bin != null && inScope(n.spaceId()) && !trash.containsKey(n.id())) {
                add(
                        "trash",
                        "node " + n.id() + " lies in the trash container of space " + bin + " without a trash record");
            }
        }
        for (SpaceRow s : spaces.values()) {
            if (s.rootId() == null || !inScope(s.id())) {
                continue;
            }
            for (long id : below(s.rootId())) {
                if (trash.containsKey(id)) {
                    add(
                            "live and trashed",
                            "node " + describe(id) + " is live under the root of space " + s.id()
                                    + " and also in the trash (record of space "
                                    + trash.get(id).spaceId() + ")");
                }
            }
        }
    }

    /** Every node shares its parent's space; roots and trash containers are their space's own and have no parent. */
    private void spacesAgree() {
        Map<Long, SpaceRow> tops = new HashMap<>();
        for (SpaceRow s : spaces.values()) {
            for (Long top : new Long[] {s.rootId(), s.trashId()}) {
                if (top == null) {
                    add("space", "space " + s.id() + " has no root or no trash container");
                    continue;
                }
                tops.put(top, s);
                NodeRow n = nodes.get(top);
                if (!inScope(s.id())) {
                    continue;
                }
                if (n == null) {
                    add(
                            "space",
                            "space " + s.id() + " names node " + top + " as its root or trash, which does not exist");
                } else if (n.parentId() != null || n.spaceId() != s.id()) {
                    add(
                            "space",
                            "the root or trash container " + top + " of space " + s.id() + " has parent " + n.parentId()
                                    + " and space " + n.spaceId());
                }
            }
        }
        for (NodeRow n : nodes.values()) {
            if (n.parentId() == null) {
                SpaceRow own = tops.get(n.id());
                if (inScope(n.spaceId()) && (own == null || own.id() != n.spaceId())) {
                    add(
                            "space",
                            "node " + n.id() + " '" + n.name() + "' of space " + n.spaceId()
                                    + " has no parent but is no root or trash container of its space");
                }
                continue;
            }
            NodeRow p = nodes.get(n.parentId());
            if (p != null && p.spaceId() != n.spaceId() && (inScope(n.spaceId()) || inScope(p.spaceId()))) {
                add(
                        "space",
                        "node " + describe(n.id()) + " is in space " + n.spaceId() + " but its parent " + p.id()
                                + " is in space " + p.spaceId());
            }
        }
    }

    /** Every ancestor chain ends at a node without parent: none loops, none stops at a parent that is gone. */
    private void noCyclesNorOrphans() {
        // 1: ends at a top; 2: below a missing parent; 3: in or below a cycle
        Map<Long, Integer> state = new HashMap<>();
        for (long start : nodes.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            List<Long> path = new ArrayList<>();
            Set<Long> onPath = new HashSet<>();
            long at = start;
            int outcome;
            while (true) {
                Integer known = state.get(at);
                if (known != null) {
                    outcome = known;
                    break;
                }
                NodeRow n = nodes.get(at);
                if (n == null) {
                    NodeRow child = nodes.get(path.get(path.size() - 1));
                    if (inScope(child.spaceId())) {
                        add(
                                "orphan",
                                "node " + child.id() + " '" + child.name() + "' of space " + child.spaceId()
                                        + " has parent " + at + ", which does not exist");
                    }
                    outcome = 2;
                    break;
                }
                if (!onPath.add(at) || path.size() > MAX_DEPTH) {
                    if (inScope(n.spaceId())) {
                        add(
                                "cycle",
                                "node " + at + " '" + n.name() + "' of space " + n.spaceId()
                                        + " is its own ancestor (or deeper than " + MAX_DEPTH + ")");
                    }
                    outcome = 3;
                    break;
                }
                path.add(at);
                if (n.parentId() == null) {
                    outcome = 1;
                    break;
                }
                at = n.parentId();
            }
            for (long id : path) {
                state.put(id, outcome);
            }
        }
    }

    /** Each file's blob row is live and of the file's size, and its bytes are on disk at that size. */
    private void blobsExist() {
        Map<Long, String> onDisk = new HashMap<>();
        for (NodeRow n : nodes.values()) {
            if (!n.file() || !inScope(n.spaceId())) {
                continue;
            }
            if (n.blobId() == null) {
                if (n.size() != 0) {
                    add("blob", "file " + describe(n.id()) + " of " + n.size() + " bytes has no blob");
                }
                continue;
            }
            BlobRow b = blobs.get(n.blobId());
            if (b == null) {
                add("blob", "file " + describe(n.id()) + " names blob " + n.blobId() + ", which has no row");
                continue;
            }
            if (b.state() != 1) {
                add(
                        "blob",
                        "file " + describe(n.id()) + " names blob " + b.id() + " in state " + b.state()
                                + " (not live)");
            }
            if (b.size() != n.size()) {
                add(
                        "blob",
                        "file " + describe(n.id()) + " has size " + n.size() + " but its blob " + b.id() + " has "
                                + b.size());
            }
            String problem = onDisk.computeIfAbsent(b.id(), id -> diskProblem(b));
            if (!problem.isEmpty()) {
                add("blob", "file " + describe(n.id()) + ": blob " + b.id() + " " + problem);
            }
        }
        versionsHaveTheirBytes(onDisk);
    }

    /** Each version belongs to a file, and its blob is live, of the version's size and on disk. */
    private void versionsHaveTheirBytes(Map<Long, String> onDisk) {
        for (VersionRow v : versions) {
            NodeRow n = nodes.get(v.nodeId());
            if (n == null || !n.file()) {
                add("version", "version " + v.id() + " names node " + v.nodeId() + ", which is no file");
                continue;
            }
            if (!inScope(n.spaceId()) || v.blobId() == null) {
                continue;
            }
            BlobRow b = blobs.get(v.blobId());
            if (b == null || b.state() != 1 || b.size() != v.size()) {
                add(
                        "version",
                        "version " + v.id() + " of " + describe(n.id()) + " names blob " + v.blobId()
                                + (b == null
                                        ? ", which has no row"
                                        : " in state " + b.state() + " of " + b.size() + " bytes"));
                continue;
            }
            String problem = onDisk.computeIfAbsent(b.id(), id -> diskProblem(b));
            if (!problem.isEmpty()) {
                add("version", "version " + v.id() + " of " + describe(n.id()) + ": blob " + b.id() + " " + problem);
            }
        }
    }

    /** "" when the bytes are there at the recorded size (DiskBlobStore keeps them at aa/bb/key, inline in the row). */
    private String diskProblem(BlobRow b) {
        String key = b.key();
        if (key == null || key.length() < 4) {
            return "has no storage key";
        }
        if (InlineBlobs.isInline(key)) {
            Long length = b.inlineLength();
            return length == null
                    ? "is inline but has no bytes in its row"
                    : length == b.size() ? "" : "has " + length + " bytes in its row, " + b.size() + " recorded";
        }
        Path p = blobDir.resolve(key.substring(0, 2))
                .resolve(key.substring(2, 4))
                .resolve(key);
        try {
            if (!Files.exists(p)) {
                return "is missing on disk (" + p + ")";
            }
            long size = Files.size(p);
            return size == b.size() ? "" : "has " + size + " bytes on disk, " + b.size() + " recorded";
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    /** A space's root size, folded and pending, is the sum of the files below its root. */
    private void rootSizesAddUp() {
        for (SpaceRow s : spaces.values()) {
            if (s.rootId() == null || !inScope(s.id()) || !nodes.containsKey(s.rootId())) {
                continue;
            }
            long files = 0;
            for (long id : below(s.rootId())) {
                NodeRow n = nodes.get(id);
                if (n.file()) {
                    files += n.size();
                }
            }
            long recorded = nodes.get(s.rootId()).size() + rootPending.getOrDefault(s.rootId(), 0L);
            if (recorded != files) {
                add(
                        "size",
                        "space " + s.id() + ": the root says " + recorded + " bytes are used, its files hold " + files);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The nodes below {@code top} (itself included), breadth first, each once even if the tree loops. */
    private List<Long> below(long top) {
        List<Long> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> queue = new ArrayDeque<>(List.of(top));
        while (!queue.isEmpty()) {
            long id = queue.poll();
            if (!seen.add(id)) {
                continue;
            }
            out.add(id);
            queue.addAll(children.getOrDefault(id, List.of()));
        }
        return out;
    }

    private boolean inScope(long spaceId) {
        return scope == null || scope.contains(spaceId);
    }

    /** A node's id, space and names up to the first node without parent, e.g. {@code 42 (space 7: /a/b)}. */
    private String describe(long id) {
        StringBuilder path = new StringBuilder();
        NodeRow n = nodes.get(id);
        long space = n == null ? -1 : n.spaceId();
        Set<Long> seen = new HashSet<>();
        while (n != null && n.parentId() != null && seen.add(n.id()) && seen.size() < 64) {
            path.insert(0, "/" + n.name());
            n = nodes.get(n.parentId());
        }
        String top = n == null ? "?" : "";
        return id + " (space " + space + ": " + top + (path.length() == 0 ? "/" : path) + ")";
    }

    private void add(String kind, String message) {
        found.computeIfAbsent(kind, k -> new ArrayList<>()).add(message);
    }

    private List<String> report() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : found.entrySet()) {
            List<String> all = e.getValue();
            for (int i = 0; i < Math.min(all.size(), SHOWN_PER_KIND); i++) {
                out.add(e.getKey() + ": " + all.get(i));
            }
            if (all.size() > SHOWN_PER_KIND) {
                out.add(e.getKey() + ": … and " + (all.size() - SHOWN_PER_KIND) + " more");
            }
        }
        return out;
    }
}
