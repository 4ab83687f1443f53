package org.kiste.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.TestDatabase;

/**
 * The checker itself: a sound tree passes, and each kind of damage it exists for is reported. The damage is made
 * with SQL in a database of this test's own (never the test server's), one space per case.
 */
class TreeInvariantsTest {
    private static Backend scratch;
    private static Path blobDir;

    @BeforeAll
    static void openScratchDatabase() throws Exception {
        Path data = TestDatabase.tempDir("kiste-invariants-");
        Map<String, String> env = TestDatabase.isolatedEnvironment(data);
        scratch = Backend.open(KisteConfig.from(new Settings(Map.of(), env)), false);
        blobDir = scratch.config().blobDir();
    }

    @AfterAll
    static void close() {
        if (scratch != null) {
            scratch.close();
        }
    }

    /** A space with its root and trash container, as SpaceRepository makes one, and SQL to damage it. */
    private static final class Space {
        final long id;
        final long root;
        final long trash;

        Space() throws SQLException {
            id = insert("INSERT INTO space (kind, display_name) VALUES (1, 'case')");
            root = folder(null, "root");
            trash = folder(null, "trash");
            update("UPDATE space SET root_node_id = " + root + ", trash_node_id = " + trash + " WHERE id = " + id);
        }

        long folder(Long parent, String name) throws SQLException {
            return node(parent, name, 2, 0, null);
        }

        /** A file with a blob of {@code size} bytes on disk. */
        long file(long parent, String name, int size) throws Exception {
            String key = java.util.UUID.randomUUID().toString().replace("-", "");
            long blob = insert(
                    "INSERT INTO blob_object (storage_key, size, state) VALUES ('" + key + "', " + size + ", 1)");
            Path p = blobDir.resolve(key.substring(0, 2))
                    .resolve(key.substring(2, 4))
                    .resolve(key);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[size]);
            return node(parent, name, 1, size, blob);
        }

        long node(Long parent, String name, int kind, long size, Long blob) throws SQLException {
            return insert("INSERT INTO node (space_id, parent_id, name, kind, size, mtime, ctime, created_at, blob_id)"
                    + " VALUES (" + id + ", " + parent + ", '" + name + "', " + kind + ", " + size + ", 0, 0, 0, "
                    + blob + ")");
        }

        /** Adds {@code bytes} to the root's folded size, as folding the journal would. */
        void rootGrows(long bytes) throws SQLException {
            update("UPDATE node SET size = size + " + bytes + " WHERE id = " + root);
        }

        void trashRecord(long node) throws SQLException {
            update("INSERT INTO trash_item (node_id, space_id, orig_parent_id, orig_name, size) VALUES (" + node + ", "
                    + id + ", " + root + ", 'x', 0)");
        }

        List<String> violations() {
            return TreeInvariants.check(scratch.database().dataSource(), blobDir, List.of(id));
        }
    }

    private static long insert(String sql) throws SQLException {
        try (Connection c = scratch.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = scratch.database().dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    @Test
    void aSoundTreeHasNoViolations() throws Exception {
        Space s = new Space();
        long docs = s.folder(s.root, "docs");
        s.file(docs, "a.bin", 100);
        s.node(docs, "empty.txt", 1, 0, null);
        long gone = s.folder(s.trash, "7");
        s.trashRecord(gone);
        s.file(gone, "old.bin", 50); // trashed bytes do not count
        s.rootGrows(60);
        update("INSERT INTO folder_change (folder_id, change_id, size_delta, mtime) VALUES (" + s.root + ", 1, 40, 0)");
        assertThat(s.violations()).isEmpty();
    }

    @Test
    void aNodeBothLiveAndInTheTrashIsReported() throws Exception {
        Space s = new Space();
        long folder = s.folder(s.root, "b");
        s.trashRecord(folder);
        assertThat(s.violations())
                .anyMatch(v -> v.startsWith("live and trashed: node " + folder))
                .anyMatch(v -> v.startsWith("trash: node " + folder));
    }

    @Test
    void aNodeInTheTrashContainerWithoutARecordIsReported() throws Exception {
        Space s = new Space();
        long stray = s.folder(s.trash, "9");
        assertThat(s.violations()).anyMatch(v -> v.startsWith("trash: node " + stray));
    }

    @Test
    void aNodeInAnotherSpaceThanItsParentIsReported() throws Exception {
        Space home = new Space();
        Space team = new Space();
        long kept = home.folder(home.root, "kept");
        long moved = team.folder(kept, "moved");
        assertThat(home.violations())
                .anyMatch(v -> v.startsWith("space: node " + moved) && v.contains("space " + team.id));
    }

    @Test
    void aCycleIsReported() throws Exception {
        Space s = new Space();
        long a = s.folder(s.root, "a");
        long b = s.folder(a, "b");
        update("UPDATE node SET parent_id = " + b + " WHERE id = " + a);
        assertThat(s.violations()).anyMatch(v -> v.startsWith("cycle: node "));
    }

    @Test
    void aNodeBelowAMissingParentIsReported() throws Exception {
        Space s = new Space();
        long orphan = s.folder(Long.MAX_VALUE - 1, "lost");
        assertThat(s.violations()).anyMatch(v -> v.startsWith("orphan: node " + orphan));
    }

    @Test
    void aFileWhoseBytesAreGoneOrShortIsReported() throws Exception {
        Space s = new Space();
        long gone = s.file(s.root, "gone.bin", 10);
        long shortened = s.file(s.root, "short.bin", 10);
        s.rootGrows(20);
        for (long id : List.of(gone, shortened)) {
            String key = blobKey(id);
            Path p = blobDir.resolve(key.substring(0, 2))
                    .resolve(key.substring(2, 4))
                    .resolve(key);
            if (id == gone) {
                Files.delete(p);
            } else {
                Files.write(p, new byte[3]);
            }
        }
        assertThat(s.violations())
                .anyMatch(v -> v.startsWith("blob: file " + gone) && v.contains("missing on disk"))
                .anyMatch(v -> v.startsWith("blob: file " + shortened) && v.contains("has 3 bytes on disk"));
    }

    @Test
    void aRootSizeThatDriftedIsReported() throws Exception {
        Space s = new Space();
        s.file(s.root, "a.bin", 30);
        s.rootGrows(25);
        assertThat(s.violations())
                .containsExactly("size: space " + s.id + ": the root says 25 bytes are used, its files hold 30");
    }

    private static String blobKey(long nodeId) throws SQLException {
        try (Connection c = scratch.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT b.storage_key FROM node n JOIN blob_object b ON b.id = n.blob_id WHERE n.id = ?")) {
            ps.setLong(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
