package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Deleting detaches a subtree under the space's trash container: one row update, whatever its size. */
public final class TrashRepository {

    public void detach(Connection c, long nodeId, long spaceId, long trashNodeId, long origParentId, String origName,
                       long size, Long actor, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE node SET parent_id = ?, name = ?, ctime = ? WHERE id = ?")) {
            ps.setLong(1, trashNodeId);
            ps.setString(2, Long.toString(nodeId)); // ids are unique, so names in the trash container never clash
            ps.setLong(3, now);
            ps.setLong(4, nodeId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trash_item (node_id, space_id, orig_parent_id, orig_name,"
                + " size, deleted_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, spaceId);
            ps.setLong(3, origParentId);
            ps.setString(4, origName);
            ps.setLong(5, size);
            NodeRepository.setNullable(ps, 6, actor);
            ps.executeUpdate();
        }
    }
}
