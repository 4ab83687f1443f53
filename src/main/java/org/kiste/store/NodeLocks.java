package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kiste.model.ContentDetails;
import org.kiste.model.DavLock;
import org.kiste.model.Node;

/**
 * Row locks on the tree, the first thing every write does. The protocol, the same for every write: the folders
 * on the way to what it changes are held shared (top down, by a holding walk or by id), then the entries it
 * changes are locked exclusively (in (parent, name) order when there are two). Only then does a write read what
 * it decides on. Shared holds of many writers on one folder do not wait for each other; a MOVE or DELETE of that
 * folder (exclusive) waits for them, and they wait for it. Reads here are current reads: they see the latest
 * committed state, never an older snapshot.
 */
public final class NodeLocks {
    /**
     * A locked row's columns: the node's alone, so a file's blob is known by its id ({@link ContentDetails#OMITTED}); a
     * write that needs its key or digests reads them on purpose.
     */
    private static final String LOCKED_COLUMNS = NodeRows.NODE_COLUMNS;

    private final NodeRepository nodes;

    public NodeLocks(NodeRepository nodes) {
        this.nodes = nodes;
    }

    /** Walks {@code names} below {@code startId}, holding every node on the way shared. */
    public Walk holdPath(Connection c, long startId, List<String> names) throws SQLException {
        return TreeWalk.walk(c, startId, names, true, nodes);
    }

    /**
     * Walks {@code names} below {@code startId}, holding every node on the way shared, where the last name is a
     * folder the caller needs only the id and chain of: a folder found there is its row as stored, without the
     * journal rows not yet folded into its size, etag and mtime.
     */
    public Walk holdPathToFolder(Connection c, long startId, List<String> names) throws SQLException {
        return TreeWalk.walk(c, startId, names, true, names.isEmpty(), nodes);
    }

    /**
     * Holds the given nodes shared and returns the parent each one hangs from now (0 for a root or a trash
     * container); a node that is gone is missing from the answer.
     */
    public Map<Long, Long> hold(Connection c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        Map<Long, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, parent_id FROM node WHERE id IN (" + marks + ") ORDER BY id LOCK IN SHARE MODE")) {
            int i = 1;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** The entry {@code name} of a folder, locked exclusively until the transaction ends; null when there is none. */
    public Node lockChild(Connection c, long parentId, String name) throws SQLException {
        return locked(
                c,
                "SELECT " + LOCKED_COLUMNS + ", NULL AS pending FROM node n WHERE n.parent_id = ? AND n.name = ?"
                        + " FOR UPDATE",
                parentId,
                name);
    }

    /**
     * An entry locked exclusively (null when there is none), the live WebDAV locks of its space, and the live blob
     * holding the content about to be written, held shared (null when it was not asked for or is not stored).
     */
    public record EntryWithLocks(Node entry, List<DavLock> davLocks, Long storedBlob) {}

    /**
     * {@link #lockChild}, then the live WebDAV locks of the space ({@link LockRepository#inSpace}) and, when
     * {@code sha256} is given, the live blob with that content ({@link BlobRepository#LIVE}), in one round trip. The
     * statements run in this order, so the rest is read once the entry's lock is granted, as with separate round
     * trips. Sent as text with the driver's quoting: a server-side prepared statement holds one statement.
     */
    public EntryWithLocks lockChildWithLocks(Connection c, long parentId, String name, long spaceId, byte[] sha256)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("/*client prepare*/" + entryStatements(sha256))) {
            setEntryParameters(ps, 1, parentId, name, spaceId, sha256);
            ps.execute();
            return readEntry(c, ps, sha256 != null);
        }
    }

    /**
     * Folders held shared by id, as they are now (null where one is gone), in the order asked, and the entry locked
     * below the last.
     */
    public record HeldFolders(List<Node> folders, EntryWithLocks entry) {}

    /**
     * Holds the nodes {@code folderIds} shared in the order given (a chain of folders, top down, as an earlier walk
     * found it: the order every write holds folders in), then does {@link #lockChildWithLocks} for {@code name} in the
     * last of them, in one round trip. Where the ids grow from the top down (each folder made after the one above it,
     * as folders are unless moved), one statement holds them all, reading the primary key in ascending order, which
     * is the same order; otherwise one statement each. The caller checks that the held rows still hang from each
     * other under the names it walked; if they do not, what was locked is of no use to it, and it rolls back.
     */
    public HeldFolders holdFoldersLockChild(Connection c, long[] folderIds, String name, long spaceId, byte[] sha256)
            throws SQLException {
        boolean oneStatement = folderIds.length > 1 && ascending(folderIds);
        StringBuilder sql = new StringBuilder("/*client prepare*/");
        if (oneStatement) {
            sql.append(HOLD_ASCENDING_IDS)
                    .append(",?".repeat(folderIds.length - 1))
                    .append(HOLD_ASCENDING_END);
        } else {
            sql.append(HOLD_BY_ID.repeat(folderIds.length));
        }
        try (PreparedStatement ps =
                c.prepareStatement(sql.append(entryStatements(sha256)).toString())) {
            for (int i = 0; i < folderIds.length; i++) {
                ps.setLong(i + 1, folderIds[i]);
            }
            setEntryParameters(ps, folderIds.length + 1, folderIds[folderIds.length - 1], name, spaceId, sha256);
            List<Node> folders = new ArrayList<>(folderIds.length);
            ps.execute();
            if (oneStatement) {
                Map<Long, Node> held = new HashMap<>();
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        Node f = NodeRows.mapWithPending(rs, nodes.epoch().get(), ContentDetails.OMITTED);
                        held.put(f.id(), f);
                    }
                }
                for (long id : folderIds) {
                    folders.add(held.get(id));
                }
            } else {
                for (int i = 0; i < folderIds.length; i++) {
                    if (i > 0) {
                        nextResult(ps, "the folders asked for");
                    }
                    try (ResultSet rs = ps.getResultSet()) {
                        folders.add(
                                rs.next()
                                        ? NodeRows.mapWithPending(
                                                rs, nodes.epoch().get(), ContentDetails.OMITTED)
                                        : null);
                    }
                }
            }
            nextResult(ps, "the entry");
            return new HeldFolders(folders, readEntry(c, ps, sha256 != null));
        }
    }

    private static final String HOLD_BY_ID =
            "SELECT " + LOCKED_COLUMNS + ", NULL AS pending FROM node n WHERE n.id = ? LOCK IN SHARE MODE;\n";
    /**
     * Held in ascending id order by a range read of the primary key (forced: a table the statistics take for small
     * could be scanned whole, waiting on rows other writes hold).
     */
    private static final String HOLD_ASCENDING_IDS =
            "SELECT " + LOCKED_COLUMNS + ", NULL AS pending FROM node n FORCE INDEX (PRIMARY) WHERE n.id IN (?";

    private static final String HOLD_ASCENDING_END = ") ORDER BY n.id LOCK IN SHARE MODE;\n";

    private static boolean ascending(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static String entryStatements(byte[] sha256) {
        return "SELECT " + LOCKED_COLUMNS
                + ", NULL AS pending FROM node n WHERE n.parent_id = ? AND n.name = ? FOR UPDATE;\n"
                + LockRepository.IN_SPACE
                + (sha256 == null ? "" : ";\n" + BlobRepository.LIVE);
    }

    private static void setEntryParameters(
            PreparedStatement ps, int first, long parentId, String name, long spaceId, byte[] sha256)
            throws SQLException {
        ps.setLong(first, parentId);
        ps.setString(first + 1, name);
        ps.setLong(first + 2, spaceId);
        if (sha256 != null) {
            ps.setBytes(first + 3, sha256);
        }
    }

    /** Reads the answers of {@link #entryStatements}, from the current one on. */
    private EntryWithLocks readEntry(Connection c, PreparedStatement ps, boolean stored) throws SQLException {
        Node n = null;
        try (ResultSet rs = ps.getResultSet()) {
            if (rs.next()) {
                n = NodeRows.mapWithPending(rs, nodes.epoch().get(), ContentDetails.OMITTED);
            }
        }
        nextResult(ps, "the locks of its space");
        List<DavLock> davLocks = new ArrayList<>();
        try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
                davLocks.add(LockRepository.map(rs));
            }
        }
        Long blob = null;
        if (stored) {
            nextResult(ps, "the stored content");
            try (ResultSet rs = ps.getResultSet()) {
                blob = rs.next() ? rs.getLong(1) : null;
            }
        }
        return new EntryWithLocks(n != null && n.isFolder() ? nodes.byId(c, n.id()) : n, davLocks, blob);
    }

    private static void nextResult(PreparedStatement ps, String what) throws SQLException {
        if (!ps.getMoreResults()) {
            throw new SQLException("the entry's statement answered without " + what);
        }
    }

    /** The entry {@code name} of a folder, held shared until the transaction ends; null when there is none. */
    public Node holdChild(Connection c, long parentId, String name) throws SQLException {
        return locked(
                c,
                "SELECT " + LOCKED_COLUMNS + ", NULL AS pending FROM node n WHERE n.parent_id = ? AND n.name = ?"
                        + " LOCK IN SHARE MODE",
                parentId,
                name);
    }

    /** A node by id, locked exclusively until the transaction ends; null when it is gone. */
    public Node lockNode(Connection c, long id) throws SQLException {
        return locked(
                c, "SELECT " + LOCKED_COLUMNS + ", NULL AS pending FROM node n WHERE n.id = ? FOR UPDATE", id, null);
    }

    private Node locked(Connection c, String sql, long key, String name) throws SQLException {
        Node n;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            if (name != null) {
                ps.setString(2, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                n = NodeRows.mapWithPending(rs, nodes.epoch().get(), ContentDetails.OMITTED);
            }
        }
        // a folder's size and etag include the journal rows of writes below it; they are read once the lock is held
        // (a statement that waited for the lock reads those with the snapshot of its start); a file's row is all
        // there is (its blob is named by id only: many files may share one blob, which is not locked)
        return n.isFolder() ? nodes.byId(c, n.id()) : n;
    }
}
