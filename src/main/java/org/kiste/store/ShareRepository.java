package org.kiste.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kiste.model.Share;
import org.kiste.model.ShareType;

/** The {@code share} and {@code share_mount} tables. */
public final class ShareRepository {
    private static final String SELECT =
            "SELECT s.id, s.share_type, s.owner_user_id, o.login, o.display_name, s.space_id,"
                    + " s.node_id, s.item_type, s.share_with_user_id, s.share_with_group_id, COALESCE(u.login, g.name),"
                    + " COALESCE(u.display_name, g.display_name), s.permissions, s.token, s.password_hash, s.expires_on, s.label,"
                    + " s.note, s.hide_download, s.parent_id, s.created_at"
                    + " FROM share s JOIN user_account o ON o.id = s.owner_user_id"
                    + " LEFT JOIN user_account u ON u.id = s.share_with_user_id"
                    + " LEFT JOIN user_group g ON g.id = s.share_with_group_id";

    /**
     * A share received by a user, with the shared node's current place and the user's mount row: the folder it is
     * kept in ({@code mountFolderId}, 0 for the root of their tree) and its name there (null: they left it).
     */
    public record Received(
            Share share,
            long nodeSpaceId,
            String nodeName,
            boolean hasMountRow,
            long mountFolderId,
            String mountName) {}

    public long insert(Connection c, Share s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO share (share_type, owner_user_id, space_id, node_id,"
                        + " item_type, share_with_user_id, share_with_group_id, permissions, token, password_hash, expires_on,"
                        + " label, note, hide_download, parent_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, s.type().code);
            ps.setLong(2, s.ownerUserId());
            ps.setLong(3, s.spaceId());
            ps.setLong(4, s.nodeId());
            ps.setString(5, s.itemType());
            setLong(ps, 6, s.shareWithUserId());
            setLong(ps, 7, s.shareWithGroupId());
            ps.setInt(8, s.permissions());
            ps.setString(9, s.token());
            ps.setString(10, s.passwordHash());
            ps.setDate(11, s.expiresOn() == null ? null : Date.valueOf(s.expiresOn()));
            ps.setString(12, s.label());
            ps.setString(13, s.note());
            ps.setInt(14, s.hideDownload() ? 1 : 0);
            setLong(ps, 15, s.parentId());
            ps.setObject(16, LocalDateTime.ofInstant(s.createdAt(), ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Writes the changeable fields (permissions, password, expiry, label, note, hide_download). */
    public void update(Connection c, Share s) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE share SET permissions = ?, password_hash = ?, expires_on = ?,"
                        + " label = ?, note = ?, hide_download = ? WHERE id = ?")) {
            ps.setInt(1, s.permissions());
            ps.setString(2, s.passwordHash());
            ps.setDate(3, s.expiresOn() == null ? null : Date.valueOf(s.expiresOn()));
            ps.setString(4, s.label());
            ps.setString(5, s.note());
            ps.setInt(6, s.hideDownload() ? 1 : 0);
            ps.setLong(7, s.id());
            ps.executeUpdate();
        }
    }

    /** Caps the permissions of the reshares made from {@code parentId} (and theirs, down the chain). */
    public void capChildren(Connection c, long parentId, int bits) throws SQLException {
        List<Long> level = List.of(parentId);
        for (int depth = 0; depth < 100 && !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (long id : level) {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE share SET permissions = permissions & ? WHERE parent_id = ?")) {
                    ps.setInt(1, bits);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                next.addAll(children(c, id));
            }
            level = next;
        }
    }

    /**
     * Forgets a removed account's sharing: the shares it made (with every reshare made from them), the shares made
     * with it, and its placements of received shares. Returns the ids of the shares deleted.
     */
    public List<Long> forgetUser(Connection c, long userId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM share WHERE owner_user_id = ? OR share_with_user_id = ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        List<Long> gone = new ArrayList<>();
        for (long id : ids) {
            if (!gone.contains(id)) {
                gone.addAll(delete(c, id));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM share_mount WHERE user_id = ?")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
        return gone;
    }

    /** Deletes a share, its recipients' placements and every reshare made from it; returns the ids deleted. */
    public List<Long> delete(Connection c, long id) throws SQLException {
        List<Long> gone = new ArrayList<>();
        List<Long> level = List.of(id);
        for (int depth = 0; depth < 100 && !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (long s : level) {
                next.addAll(children(c, s));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM share_mount WHERE share_id = ?")) {
                    ps.setLong(1, s);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM share WHERE id = ?")) {
                    ps.setLong(1, s);
                    ps.executeUpdate();
                }
                gone.add(s);
            }
            level = next;
        }
        return gone;
    }

    private List<Long> children(Connection c, long parentId) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM share WHERE parent_id = ?")) {
            ps.setLong(1, parentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    public Share byId(Connection c, long id) throws SQLException {
        List<Share> l = query(c, SELECT + " WHERE s.id = ?", id);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The share, its row locked exclusively until the transaction ends (a change decides on it); null when gone. */
    public Share lockById(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM share WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
            }
        }
        return byId(c, id);
    }

    public Share byToken(Connection c, String token) throws SQLException {
        // a disabled account's links answer as if they did not exist, and serve again once it is enabled
        try (PreparedStatement ps =
                c.prepareStatement(SELECT + " WHERE s.token = ? AND s.share_type = 3 AND o.enabled = 1")) {
            ps.setString(1, token);
            List<Share> l = read(ps);
            return l.isEmpty() ? null : l.get(0);
        }
    }

    /** The shares a user made, oldest first. */
    public List<Share> ownedBy(Connection c, long userId) throws SQLException {
        return query(c, SELECT + " WHERE s.owner_user_id = ? ORDER BY s.id", userId);
    }

    /** Every share of a node, by anyone. */
    public List<Share> ofNode(Connection c, long nodeId) throws SQLException {
        return query(c, SELECT + " WHERE s.node_id = ? ORDER BY s.id", nodeId);
    }

    /** An existing share of the node by this owner to this user or group (duplicates are refused). */
    public boolean exists(Connection c, long ownerId, long nodeId, ShareType type, long withId) throws SQLException {
        String col = type == ShareType.USER ? "share_with_user_id" : "share_with_group_id";
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM share WHERE owner_user_id = ? AND node_id = ?"
                + " AND share_type = ? AND " + col + " = ?")) {
            ps.setLong(1, ownerId);
            ps.setLong(2, nodeId);
            ps.setInt(3, type.code);
            ps.setLong(4, withId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The user and group shares a user received (directly or through a group), not expired, oldest first; never
     * shares of items in the user's own home (a reshare that came back to its owner).
     */
    public List<Received> received(Connection c, long userId) throws SQLException {
        String sql = SELECT.replace(
                        " FROM share s",
                        ", n.space_id, n.name, m.user_id IS NOT NULL,"
                                + " COALESCE(m.parent_node_id, 0), m.name FROM share s")
                + " JOIN node n ON n.id = s.node_id"
                + " LEFT JOIN share_mount m ON m.share_id = s.id AND m.user_id = ?"
                + " WHERE s.share_type IN (0, 1) AND s.owner_user_id <> ?"
                + " AND n.space_id <> COALESCE((SELECT home_space_id FROM user_account WHERE id = ?), 0)"
                + " AND (s.expires_on IS NULL OR s.expires_on >= UTC_DATE())"
                + " AND (s.share_with_user_id = ? OR s.share_with_group_id IN"
                + " (SELECT group_id FROM group_member WHERE user_id = ?))"
                + " ORDER BY s.id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= 5; i++) {
                ps.setLong(i, userId);
            }
            List<Received> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Received(
                            map(rs),
                            rs.getLong(22),
                            rs.getString(23),
                            rs.getBoolean(24),
                            rs.getLong(25),
                            rs.getString(26)));
                }
            }
            return out;
        }
    }

    /**
     * Sets where a recipient keeps a share: a folder of theirs (0: their root) and a name there (null: they left the
     * share), creating their row when needed.
     */
    public void placeMount(Connection c, long shareId, long userId, long folderId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO share_mount (share_id, user_id, parent_node_id, name)"
                        + " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE parent_node_id = VALUES(parent_node_id), name = VALUES(name)")) {
            ps.setLong(1, shareId);
            ps.setLong(2, userId);
            ps.setLong(3, folderId);
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    /** Where a recipient keeps a share now: the folder of theirs that holds it (0: their root) and its name there. */
    public record MountPlace(long folderId, String name) {}

    /** The recipient's mount row of a share, locked until the transaction ends; null when they have none. */
    public MountPlace lockMount(Connection c, long shareId, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT parent_node_id, name FROM share_mount WHERE share_id = ? AND user_id = ? FOR UPDATE")) {
            ps.setLong(1, shareId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new MountPlace(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    /**
     * Places a recipient's mount in their root under a name unless the name (or the row) is taken; true when
     * placed.
     */
    public boolean newMount(Connection c, long shareId, long userId, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT IGNORE INTO share_mount (share_id, user_id, name) VALUES (?, ?, ?)")) {
            ps.setLong(1, shareId);
            ps.setLong(2, userId);
            ps.setString(3, name);
            return ps.executeUpdate() == 1;
        }
    }

    /** The ids of a group's members. */
    public List<Long> groupMemberIds(Connection c, long groupId) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM group_member WHERE group_id = ?")) {
            ps.setLong(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** True when the user's home root has an entry of this name. */
    public boolean homeHasEntry(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM user_account u JOIN space s ON s.id = u.home_space_id"
                        + " JOIN node n ON n.parent_id = s.root_node_id AND n.name = ? WHERE u.id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** True when the user keeps a share under this name in this folder of theirs (0: their root). */
    public boolean mountNameTaken(Connection c, long userId, long folderId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM share_mount WHERE user_id = ? AND parent_node_id = ?" + " AND name = ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, folderId);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The share types the owner made, by node. */
    public Map<Long, TreeSet<Integer>> typesByOwner(Connection c, long ownerId) throws SQLException {
        Map<Long, TreeSet<Integer>> out = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT DISTINCT node_id, share_type FROM share WHERE owner_user_id = ?")) {
            ps.setLong(1, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** The share types the owner made on each of the nodes (for {@code oc:share-types}), in one statement. */
    public Map<Long, TreeSet<Integer>> typesOn(Connection c, long ownerId, Collection<Long> nodeIds)
            throws SQLException {
        Map<Long, TreeSet<Integer>> out = new HashMap<>();
        if (nodeIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", Collections.nCopies(nodeIds.size(), "?"));
        try (PreparedStatement ps =
                c.prepareStatement("SELECT DISTINCT node_id, share_type FROM share WHERE owner_user_id = ?"
                        + " AND node_id IN (" + marks + ")")) {
            int i = 1;
            ps.setLong(i++, ownerId);
            for (long id : nodeIds) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static List<Share> query(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            return read(ps);
        }
    }

    private static List<Share> read(PreparedStatement ps) throws SQLException {
        List<Share> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(map(rs));
            }
        }
        return out;
    }

    private static Share map(ResultSet rs) throws SQLException {
        Date exp = rs.getDate(16);
        return new Share(
                rs.getLong(1),
                ShareType.of(rs.getInt(2)),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7),
                "folder".equals(rs.getString(8)),
                (Long) rs.getObject(9, Long.class),
                (Long) rs.getObject(10, Long.class),
                rs.getString(11),
                rs.getString(12),
                rs.getInt(13),
                rs.getString(14),
                rs.getString(15),
                exp == null ? null : exp.toLocalDate(),
                rs.getString(17),
                rs.getString(18),
                rs.getInt(19) != 0,
                (Long) rs.getObject(20, Long.class),
                rs.getObject(21, LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
