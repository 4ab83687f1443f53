package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.testing.Dav;
import org.kiste.testing.RowHeld;
import org.kiste.testing.TestServer;

/**
 * Folding takes a folder's row last: uploads into the folder hold that row shared until their commit, and while the
 * fold waits for it (and holds it), they wait for the fold. So by the time the fold asks for the folder row, the
 * pending rows it folds are already deleted, and only the folder's update and the commit are left.
 */
class FolderFoldingTest {
    private static final int FILES = 5;

    private final TestServer s = TestServer.get();

    @Test
    void aFoldWaitsForTheFolderRowOnlyWithItsRowsDeleted() throws Exception {
        String login = s.newUser("fold");
        Dav dav = s.dav(login).in("held");
        Principal owner = s.users().find(login).orElseThrow().principal();
        long[] chain = s.backend.files().resolve(owner, FilePath.parse("/held")).chain();
        long folder = chain[chain.length - 1];
        Database db = s.backend.database();

        long pendingWhileHeld;
        // no fold runs while the uploads add their pending rows: the server's folds take this lock first
        try (Connection foldLock = db.dataSource().getConnection()) {
            assertThat(lock(foldLock, "SELECT GET_LOCK('kiste.fold', 30)")).isEqualTo(1);
            for (int i = 0; i < FILES; i++) {
                assertThat(dav.put("f" + i + ".txt", "0123456789").statusCode()).isEqualTo(201);
            }
            pendingWhileHeld = pending(db, folder);
            assertThat(pendingWhileHeld).isEqualTo(FILES);
            // an upload under way holds its folder's row and those above shared (until its commit), so whichever of
            // them a fold takes first, it has to wait
            String hold = "SELECT id FROM node WHERE id = ? LOCK IN SHARE MODE";
            try (RowHeld root = new RowHeld(db, hold, chain[0]);
                    RowHeld upload = new RowHeld(db, hold, folder)) {
                long deletesBefore = status(db, "Handler_delete");
                lock(foldLock, "SELECT RELEASE_LOCK('kiste.fold')");
                // the server folds every second; a fold started here as well either folds or finds the lock taken
                try (FolderFolding folding = new FolderFolding(db)) {
                    CompletableFuture<Integer> fold = CompletableFuture.supplyAsync(() -> folding.foldAll(5));
                    awaitWaitAfterDeletes(db, deletesBefore, pendingWhileHeld);
                    assertThat(pending(db, folder))
                            .as("nothing folded before the commit")
                            .isEqualTo(pendingWhileHeld);
                    root.release();
                    upload.release();
                    fold.get(60, TimeUnit.SECONDS);
                }
            }
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (pending(db, folder) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pending(db, folder)).isZero();
        long size = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT size FROM node WHERE id = ?")) {
                ps.setLong(1, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(size).as("the folded size").isEqualTo(10L * FILES);
    }

    private static long pending(Database db, long folder) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM folder_change WHERE folder_id = ?")) {
                ps.setLong(1, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static long lock(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long status(Database db, String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL STATUS LIKE ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(2) : -1L;
                }
            }
        });
    }

    /**
     * Waits until a transaction waits for a row lock while at least {@code rows} rows were deleted since {@code
     * deletesBefore}: the fold waiting for the folder row with its rows deleted. (A fold that asked for the folder row
     * first waits with none deleted.)
     */
    private static void awaitWaitAfterDeletes(Database db, long deletesBefore, long rows) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (status(db, "Innodb_row_lock_current_waits") > 0
                    && status(db, "Handler_delete") - deletesBefore >= rows) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no fold waited for the folder row with its " + rows + " rows deleted within 30 s");
    }
}
