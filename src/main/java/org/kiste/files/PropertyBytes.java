package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import org.kiste.model.Node;
import org.kiste.store.DeadPropRepository;
import org.kiste.store.SpaceRepository;

/**
 * Dead-property bytes count against the quota of the space whose live tree holds them, as file bytes do: a
 * per-space count that every write changing what the live tree's properties hold adjusts in its own transaction
 * (PROPPATCH, DELETE into the trash, restore, MOVE between spaces, COPY, a replaced destination). It is changed
 * after the node locks of the write are held, so the subtree it measures cannot change meanwhile: a PROPPATCH
 * holds the chain above its resource shared, and a DELETE, MOVE or restore locks the subtree's top exclusively.
 * The trash does not count, so purging changes nothing.
 */
final class PropertyBytes {
    private final SpaceRepository spaces;
    private final DeadPropRepository props;

    PropertyBytes(SpaceRepository spaces, DeadPropRepository props) {
        this.spaces = spaces;
        this.props = props;
    }

    /**
     * The property bytes of {@code n} and everything below it, a node of the live tree of space {@code spaceId}
     * whose top the caller holds. A folder is walked only when the space counts any property bytes at all.
     */
    long ofTree(Connection c, long spaceId, Node n) throws SQLException {
        if (!n.isFolder()) {
            return props.bytesOf(c, n.id());
        }
        return spaces.propBytes(c, spaceId) == 0 ? 0 : props.treeBytes(c, n.id());
    }

    /** The property bytes of a subtree, always walked: a copy made in this transaction, an item restored. */
    long measured(Connection c, Node n) throws SQLException {
        return n.isFolder() ? props.treeBytes(c, n.id()) : props.bytesOf(c, n.id());
    }

    /** The bytes of one node's own properties. */
    long ofNode(Connection c, long nodeId) throws SQLException {
        return props.bytesOf(c, nodeId);
    }

    /** Counts {@code delta} more (or, negative, fewer) property bytes in the space's live tree. */
    void add(Connection c, long spaceId, long delta) throws SQLException {
        spaces.addPropBytes(c, spaceId, delta);
    }

    /** The bytes counted for the space's live tree. */
    long counted(Connection c, long spaceId) throws SQLException {
        return spaces.propBytes(c, spaceId);
    }
}
