package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.DavLock;

/** Lock rows. Only unexpired rows are ever returned; expired ones are removed on the way. */
public final class LockRepository {
    /** Expiry is computed by the database clock alone, so server processes with skewed clocks agree. */
    static final String COLUMNS = "token, node_id, space_id, exclusive, deep, owner_xml, principal_id, timeout_s,"
            + " GREATEST(0, CEIL(TIMESTAMPDIFF(MICROSECOND, NOW(3), expires_at) / 1000000)) AS seconds_left";

    private static final String INSERT_COLUMNS =
            "token, node_id, space_id, exclusive, deep, owner_xml, principal_id, timeout_s," + " expires_at";

    /** All live locks of a space: the few rows every lock check starts from. */
    public List<DavLock> inSpace(Connection c, long spaceId) throws SQLException {
        return query(c, IN_SPACE, spaceId);
    }

    /** The statement of {@link #inSpace}, with the space id as its one parameter. */
    static final String IN_SPACE = "SELECT " + COLUMNS + " FROM dav_lock WHERE space_id = ? AND expires_at > NOW(3)";

    public DavLock byToken(Connection c, String token) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM dav_lock WHERE token = ? AND expires_at > NOW(3)")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    public List<DavLock> all(Connection c, Long principalId) throws SQLException {
        if (principalId == null) {
            List<DavLock> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT " + COLUMNS + " FROM dav_lock WHERE expires_at > NOW(3)" + " ORDER BY created_at");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        }
        return query(
                c,
                "SELECT " + COLUMNS
                        + " FROM dav_lock WHERE principal_id = ? AND expires_at > NOW(3) ORDER BY created_at",
                principalId);
    }

    public void insert(Connection c, DavLock l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dav_lock (" + INSERT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW(3) + INTERVAL ? SECOND)")) {
            ps.setString(1, l.token());
            ps.setLong(2, l.nodeId());
            ps.setLong(3, l.spaceId());
            ps.setInt(4, l.exclusive() ? 1 : 0);
            ps.setInt(5, l.deep() ? 1 : 0);
            ps.setString(6, l.ownerXml());
            ps.setLong(7, l.principalId());
            ps.setLong(8, l.timeoutSeconds());
            ps.setLong(9, l.timeoutSeconds());
            ps.executeUpdate();
        }
    }

    public void refresh(Connection c, String token, long timeoutSeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dav_lock SET timeout_s = ?, expires_at = NOW(3) + INTERVAL ? SECOND WHERE token = ?")) {
            ps.setLong(1, timeoutSeconds);
            ps.setLong(2, timeoutSeconds);
            ps.setString(3, token);
            ps.executeUpdate();
        }
    }

    /** Re-roots a lock at another node (the one that replaced its node at the same URL). */
    public void moveTo(Connection c, String token, long nodeId, long spaceId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE dav_lock SET node_id = ?, space_id = ? WHERE token = ?")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, spaceId);
            ps.setString(3, token);
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dav_lock WHERE token = ?")) {
            ps.setString(1, token);
            return ps.executeUpdate() > 0;
        }
    }

    /** Removes the live locks rooted exactly at a node; returns how many there were. */
    public int deleteAt(Connection c, long nodeId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM dav_lock WHERE node_id = ? AND expires_at > NOW(3)")) {
            ps.setLong(1, nodeId);
            return ps.executeUpdate();
        }
    }

    /** Removes every lock of one holder (a user id, or minus a link's share id); returns how many. */
    public int deleteHeldBy(Connection c, long holder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dav_lock WHERE principal_id = ?")) {
            ps.setLong(1, holder);
            return ps.executeUpdate();
        }
    }

    /** The live locks accounts (not link visitors) hold on a node of {@code spaceId} or anywhere below it. */
    public List<DavLock> heldByAccountsWithin(Connection c, long spaceId, long ancestorId) throws SQLException {
        List<DavLock> out = new ArrayList<>();
        for (DavLock l : inSpace(c, spaceId)) {
            if (l.principalId() > 0 && (l.nodeId() == ancestorId || isWithin(c, l.nodeId(), ancestorId))) {
                out.add(l);
            }
        }
        return out;
    }

    private static boolean isWithin(Connection c, long nodeId, long ancestorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE up (id, parent_id, depth) AS ("
                + " SELECT id, parent_id, 0 FROM node WHERE id = ?"
                + " UNION ALL SELECT n.id, n.parent_id, up.depth + 1 FROM node n JOIN up ON n.id = up.parent_id"
                + " WHERE up.depth < 1000) SELECT 1 FROM up WHERE parent_id = ? LIMIT 1")) {
            ps.setLong(1, nodeId);
            ps.setLong(2, ancestorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Removes every lock taken through a public link the user made; returns how many. */
    public int deleteHeldByLinksOf(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dav_lock WHERE principal_id IN"
                + " (SELECT -id FROM share WHERE owner_user_id = ? AND share_type = 3)")) {
            ps.setLong(1, userId);
            return ps.executeUpdate();
        }
    }

    public int deleteExpired(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dav_lock WHERE expires_at <= NOW(3)")) {
            return ps.executeUpdate();
        }
    }

    private static List<DavLock> query(Connection c, String sql, long arg) throws SQLException {
        List<DavLock> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    static DavLock map(ResultSet rs) throws SQLException {
        return new DavLock(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getInt(4) == 1,
                rs.getInt(5) == 1,
                rs.getString(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getLong(9));
    }
}
