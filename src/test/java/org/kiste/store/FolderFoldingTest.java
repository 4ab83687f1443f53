package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.testing.Dav;
import org.kiste.testing.HousekeepingHeld;
import org.kiste.testing.RowHeld;
import org.kiste.testing.TestServer;

/**
 * Folding takes a folder's row last: uploads into the folder hold that row shared until their commit, and from the
 * moment the fold asks for it until the fold commits, new uploads queue behind it. So by then the pending rows it
 * folds are already deleted (seen by a read of uncommitted rows), and only the folder's update and the commit are
 * left. With the row taken before the delete, the fold waits with its rows still there.
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

        // no fold runs while the uploads add their pending rows: the server's folds take this lock first
        HousekeepingHeld noFolds = HousekeepingHeld.hold(db, "kiste.fold");
        try {
            for (int i = 0; i < FILES; i++) {
                assertThat(dav.put("f" + i + ".txt", "0123456789").statusCode()).isEqualTo(201);
            }
            assertThat(pending(db, folder, false)).isEqualTo(FILES);
            long rootPending = pending(db, chain[0], false);
            assertThat(rootPending).isGreaterThanOrEqualTo(FILES);
            // an upload under way holds its folder's row and those above shared (until its commit), so whichever of
            // them a fold takes first, it has to wait
            String hold = "SELECT id FROM node WHERE id = ? LOCK IN SHARE MODE";
            try (RowHeld root = new RowHeld(db, hold, chain[0]);
                    RowHeld upload = new RowHeld(db, hold, folder)) {
                noFolds.close();
                // the server folds every second; a fold started here as well either folds or finds the lock taken
                try (FolderFolding folding = new FolderFolding(db)) {
                    CompletableFuture<Integer> fold = CompletableFuture.supplyAsync(() -> folding.foldAll(5));
                    // seen uncommitted: the fold deleted one folder's rows (whichever it took first), and then
                    // waits for that folder's row, held here
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (pending(db, chain[0], true) > 0
                            && pending(db, folder, true) > 0
                            && System.currentTimeMillis() < deadline) {
                        Thread.sleep(20);
                    }
                    boolean rootFirst = pending(db, chain[0], true) == 0;
                    assertThat(rootFirst || pending(db, folder, true) == 0)
                            .as("the fold deleted a folder's rows before it waited for that folder's row")
                            .isTrue();
                    assertThat(pending(db, rootFirst ? chain[0] : folder, false))
                            .as("committed: the fold waits for the held folder row")
                            .isEqualTo(rootFirst ? rootPending : FILES);
                    root.release();
                    upload.release();
                    fold.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            noFolds.close();
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (pending(db, folder, false) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pending(db, folder, false)).isZero();
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

    /** The folder's pending rows, committed ones only or ({@code uncommitted}) as a running fold left them. */
    private static long pending(Database db, long folder, boolean uncommitted) {
        return db.read(c -> {
            c.setTransactionIsolation(
                    uncommitted ? Connection.TRANSACTION_READ_UNCOMMITTED : Connection.TRANSACTION_READ_COMMITTED);
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM folder_change WHERE folder_id = ?")) {
                ps.setLong(1, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } finally {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        });
    }
}
