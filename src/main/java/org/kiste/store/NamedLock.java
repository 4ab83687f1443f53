package org.kiste.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.IntSupplier;

/**
 * A MariaDB named lock ({@code GET_LOCK}, no wait) around a housekeeping job, so that of several server processes
 * on one database only one runs it at a time. The lock's connection is held while the job runs (the job opens its
 * own transactions); the database releases the lock if the process dies.
 */
public final class NamedLock {
    private NamedLock() {}

    /** Runs {@code job} when the lock {@code name} is free and returns what it did; 0 when another process holds it. */
    public static int exclusively(Database db, String name, IntSupplier job) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        return 0;
                    }
                }
            }
            try {
                return job.getAsInt();
            } finally {
                try (PreparedStatement ps = c.prepareStatement("DO RELEASE_LOCK(?)")) {
                    ps.setString(1, name);
                    ps.execute();
                }
            }
        });
    }
}
