package org.kiste.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kiste.model.DeadProperty;

/** Dead (client-defined) properties, keyed by node id so they follow a node through MOVE. */
public final class DeadPropRepository {
    /** What one property counts: the UTF-8 bytes of its namespace, name and value (the columns are utf8mb4). */
    private static final String BYTES = "OCTET_LENGTH(p.namespace) + OCTET_LENGTH(p.localname) + OCTET_LENGTH(p.value)";

    public Map<Long, List<DeadProperty>> forNodes(Connection c, List<Long> ids) throws SQLException {
        Map<Long, List<DeadProperty>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        StringBuilder in = new StringBuilder();
        for (Long id : ids) {
            in.append(in.length() == 0 ? "" : ",").append(id.longValue());
        }
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT node_id, namespace, localname, value FROM dead_prop WHERE node_id IN (" + in + ")");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new DeadProperty(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    public void set(Connection c, long nodeId, DeadProperty p) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO dead_prop (node_id, prop_hash, namespace, localname, value)"
                        + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)")) {
            ps.setLong(1, nodeId);
            ps.setBytes(2, hash(p.namespace(), p.localName()));
            ps.setString(3, p.namespace());
            ps.setString(4, p.localName());
            ps.setString(5, p.valueXml());
            ps.executeUpdate();
        }
    }

    public void remove(Connection c, long nodeId, String namespace, String localName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_prop WHERE node_id = ? AND prop_hash = ?")) {
            ps.setLong(1, nodeId);
            ps.setBytes(2, hash(namespace, localName));
            ps.executeUpdate();
        }
    }

    public void copy(Connection c, long fromNode, long toNode) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO dead_prop (node_id, prop_hash, namespace, localname, value)"
                        + " SELECT ?, prop_hash, namespace, localname, value FROM dead_prop WHERE node_id = ?")) {
            ps.setLong(1, toNode);
            ps.setLong(2, fromNode);
            ps.executeUpdate();
        }
    }

    /** The bytes one node's dead properties hold (namespace, name and value, UTF-8), as a current read. */
    public long bytesOf(Connection c, long nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(" + BYTES + "), 0) FROM dead_prop p" + " WHERE p.node_id = ?")) {
            ps.setLong(1, nodeId);
            return single(ps);
        }
    }

    /** The bytes the dead properties of a node and everything below it hold. */
    public long treeBytes(Connection c, long rootId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE t (id) AS (SELECT ? UNION ALL"
                + " SELECT n.id FROM node n JOIN t ON n.parent_id = t.id)"
                + " SELECT COALESCE(SUM(" + BYTES + "), 0) FROM t JOIN dead_prop p ON p.node_id = t.id")) {
            ps.setLong(1, rootId);
            return single(ps);
        }
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static byte[] hash(String ns, String local) {
        try {
            return MessageDigest.getInstance("MD5").digest(("{" + ns + "}" + local).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
