package org.kiste.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The database side of {@code kiste backup restore}: is the target empty, and what a restore leaves out. */
public final class RestoredDatabase {
    private RestoredDatabase() {}

    /** How many tables the connected schema holds (a restore goes only into an empty one). */
    public static int tables(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * After the snapshot is loaded: WebDAV locks are not restored (their holders are gone), nor the backup leases of
     * the source (among them the lease of the backup itself), nor its password throttles (a restore starts with no one
     * held back); and a new folder etag epoch is drawn at the next start,
     * so that sync clients compare their folders with the restored state instead of trusting old etags.
     */
    public static void forget(Database db) {
        db.tx(c -> {
            for (String sql : new String[] {
                "DELETE FROM dav_lock",
                "DELETE FROM backup_lease",
                "DELETE FROM auth_throttle",
                "DELETE FROM instance_setting WHERE name = 'etag_epoch'"
            }) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }
}
