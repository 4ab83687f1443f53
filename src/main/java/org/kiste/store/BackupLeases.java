package org.kiste.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The leases backups hold so that the blob collector deletes no blob their database snapshot names (see the V16
 * migration). A lease is taken before the snapshot, renewed while the backup copies, and released at its end; one
 * that is not renewed expires, so a killed backup keeps the collector waiting for one lease period at most.
 */
public final class BackupLeases {
    private final Database db;

    public BackupLeases(Database db) {
        this.db = db;
    }

    /**
     * Takes a lease for {@code ttl}: under the exclusive lock of the guard row, which waits for every collector mark
     * under way to commit, so that no mark commits after this returns without seeing the lease. Expired leases of
     * earlier backups are removed on the way. Returns the lease's token.
     */
    public String take(String holder, Duration ttl) {
        String token = newToken();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM backup_guard WHERE id = 1 FOR UPDATE")) {
                ps.executeQuery().close();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM backup_lease WHERE expires_at < NOW(3) - INTERVAL 1 DAY")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO backup_lease (token, holder, expires_at)"
                    + " VALUES (?, ?, NOW(3) + INTERVAL ? SECOND)")) {
                ps.setString(1, token);
                ps.setString(2, holder.length() > 255 ? holder.substring(0, 255) : holder);
                ps.setLong(3, ttl.toSeconds());
                return ps.executeUpdate();
            }
        });
        return token;
    }

    /**
     * Extends a lease that has not expired yet to {@code ttl} from now; false when it had expired (or is gone): the
     * collector may have deleted blobs since, so the backup that held it cannot be trusted to be complete.
     */
    public boolean renew(String token, Duration ttl) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE backup_lease SET expires_at = NOW(3) + INTERVAL ?"
                    + " SECOND WHERE token = ? AND expires_at > NOW(3)")) {
                ps.setLong(1, ttl.toSeconds());
                ps.setString(2, token);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void release(String token) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM backup_lease WHERE token = ?")) {
                ps.setString(1, token);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether some backup holds an unexpired lease now (a plain read, for skipping a collector run early). */
    public boolean anyHeld() {
        return db.read(BackupLeases::anyUnexpired);
    }

    /**
     * Inside the collector's mark transaction: locks the guard row in share mode, then tells whether a lease is
     * held. A lease taken after this waits for the transaction to end.
     */
    static boolean heldFor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM backup_guard WHERE id = 1 LOCK IN SHARE MODE")) {
            ps.executeQuery().close();
        }
        return anyUnexpired(c);
    }

    private static boolean anyUnexpired(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM backup_lease WHERE expires_at > NOW(3) LIMIT 1")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
