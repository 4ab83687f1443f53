package org.kiste.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Per-installation values (the instance id, the etag epoch), each stored the first time it is asked for. */
public final class InstanceSettings {
    private final Database db;

    public InstanceSettings(Database db) {
        this.db = db;
    }

    /** The value of {@code name}, storing {@code initial} the first time (the first writer wins). */
    public String get(String name, String initial) {
        return db.tx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT IGNORE INTO instance_setting (name, value) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, initial);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM instance_setting WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
