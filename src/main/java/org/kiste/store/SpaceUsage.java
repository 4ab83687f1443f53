package org.kiste.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What each space's files, trash and versions hold: counts and bytes of the files, summed over their trees, and of
 * the versions of its files (in its trash too). Versions name blobs that files may name as well, so their bytes are
 * what they would take if nothing were shared.
 */
public final class SpaceUsage {
    /**
     * One space: its owner's login (homes) or its name (team folders), files and trash, the bytes of the dead
     * properties of its files and folders (outside the trash), which count against its quota too, and its versions.
     */
    public record Usage(
            long spaceId,
            boolean home,
            String name,
            long files,
            long fileBytes,
            long trashed,
            long trashBytes,
            long propBytes,
            long versions,
            long versionBytes) {}

    private final Database db;

    public SpaceUsage(Database db) {
        this.db = db;
    }

    /**
     * The spaces chosen: the home of {@code login} when given, the team folder {@code folder} when given, else all.
     */
    public List<Usage> of(String login, String folder) {
        String filter = login != null
                ? "s.kind = 1 AND s.owner_user_id = (SELECT id FROM user_account WHERE login = ?)"
                : folder != null ? "s.kind = 2 AND s.display_name = ?" : "? IS NULL";
        String value = login != null ? login : folder;
        String sql = "WITH RECURSIVE t (space_id, area, id) AS ("
                + "  SELECT s.id, 1, s.root_node_id FROM space s WHERE s.root_node_id IS NOT NULL AND " + filter
                + "  UNION ALL SELECT s.id, 2, s.trash_node_id FROM space s WHERE s.trash_node_id IS NOT NULL AND "
                + filter
                + "  UNION ALL SELECT t.space_id, t.area, n.id FROM node n JOIN t ON n.parent_id = t.id)"
                + " SELECT s.id, s.kind, u.login, s.display_name,"
                + "   COALESCE(SUM(t.area = 1 AND n.kind = 1), 0),"
                + "   COALESCE(SUM(CASE WHEN t.area = 1 AND n.kind = 1 THEN n.size END), 0),"
                + "   COALESCE(SUM(t.area = 2 AND n.kind = 1), 0),"
                + "   COALESCE(SUM(CASE WHEN t.area = 2 AND n.kind = 1 THEN n.size END), 0), s.prop_bytes,"
                + "   (SELECT COUNT(*) FROM file_version v JOIN node vn ON vn.id = v.node_id WHERE vn.space_id = s.id),"
                + "   (SELECT COALESCE(SUM(v.size), 0) FROM file_version v JOIN node vn ON vn.id = v.node_id"
                + "     WHERE vn.space_id = s.id)"
                + " FROM space s LEFT JOIN t ON t.space_id = s.id LEFT JOIN node n ON n.id = t.id"
                + " LEFT JOIN user_account u ON s.kind = 1 AND u.id = s.owner_user_id"
                + " WHERE " + filter
                + " GROUP BY s.id, s.kind, u.login, s.display_name, s.prop_bytes ORDER BY s.kind, s.id";
        return db.read(c -> {
            List<Usage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 1; i <= 3; i++) {
                    ps.setString(i, value);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Usage(
                                rs.getLong(1),
                                rs.getInt(2) == 1,
                                rs.getInt(2) == 1 ? rs.getString(3) : rs.getString(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getLong(8),
                                rs.getLong(9),
                                rs.getLong(10),
                                rs.getLong(11)));
                    }
                }
            }
            return out;
        });
    }
}
