package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.kiste.model.Node;

/** Rows of {@code favorite}: which nodes a user marked, and where they are now. */
public final class FavoriteRepository {
    /** Deeper than any real tree; bounds the walk up from a favourite to its space root. */
    private static final int MAX_DEPTH = 256;

    private final Supplier<String> epoch;

    public FavoriteRepository(Supplier<String> epoch) {
        this.epoch = epoch;
    }

    public void set(Connection c, long userId, long nodeId, boolean favorite) throws SQLException {
        String sql = favorite
                ? "INSERT IGNORE INTO favorite (user_id, node_id) VALUES (?, ?)"
                : "DELETE FROM favorite WHERE user_id = ? AND node_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setLong(2, nodeId);
            ps.executeUpdate();
        }
    }

    /** Forgets a removed account's favourite marks. */
    public void forgetUser(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM favorite WHERE user_id = ?")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    public Set<Long> ids(Connection c, long userId) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id FROM favorite WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** A favourite with its path below the space root, as names from the root down. */
    public record Found(Node node, List<String> names) {}

    /**
     * The user's favourites whose ancestors lead to {@code rootId} (so not those in the trash), each with its
     * path: one recursive statement walks up from every favourite at once.
     */
    public List<Found> under(Connection c, long userId, long rootId) throws SQLException {
        String sql = "WITH RECURSIVE up (fav_id, node_id, parent_id, names, depth) AS ("
                + " SELECT f.node_id, n.id, n.parent_id, CAST(n.name AS VARCHAR(16000)), 0"
                + " FROM favorite f JOIN node n ON n.id = f.node_id WHERE f.user_id = ?"
                + " UNION ALL SELECT up.fav_id, p.id, p.parent_id, CONCAT(CAST(p.name AS VARCHAR(255)), '/', up.names), up.depth + 1"
                + " FROM up JOIN node p ON p.id = up.parent_id WHERE up.node_id <> ? AND up.depth < " + MAX_DEPTH + ")"
                + " SELECT " + NodeRows.COLUMNS + ", " + NodeRows.PENDING + ", up.names AS fav_path"
                + " FROM up JOIN node n ON n.id = up.fav_id LEFT JOIN blob_object b ON b.id = n.blob_id"
                + " WHERE up.node_id = ? ORDER BY up.names";
        List<Found> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setLong(2, rootId);
            ps.setLong(3, rootId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Node n = NodeRows.mapWithPending(rs, epoch.get());
                    String path = rs.getString("fav_path");
                    // the walk's last step is the root itself, whose name is not part of the path
                    int slash = path.indexOf('/');
                    if (n.id() == rootId || slash < 0) {
                        continue;
                    }
                    out.add(new Found(n, List.of(path.substring(slash + 1).split("/", -1))));
                }
            }
        }
        return out;
    }
}
