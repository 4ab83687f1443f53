package org.kiste.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * A PUT into folders an earlier PUT walked to holds them top down, as every write holds folders, even where a deeper
 * folder has the smaller id (an older folder moved into a newer one). A transaction that holds the upper folder
 * exclusively and then changes the rows below it, top down (as a MOVE into another space does), makes the PUT wait,
 * and no deadlock follows. Holding the folders in id order made one here.
 */
class PutKnownFoldersLockOrderTest {
    private final TestServer ts = TestServer.get();

    @Test
    void aPutThroughKnownFoldersHoldsThemTopDown() throws Exception {
        String user = ts.newUser("plo");
        Dav d = ts.dav(user);
        assertThat(d.mkcol("b0").statusCode()).isEqualTo(201); // made first: the smaller id
        assertThat(d.mkcol("a").statusCode()).isEqualTo(201);
        assertThat(d.move("b0", "a/b").statusCode()).isEqualTo(201); // the deeper folder has the smaller id
        assertThat(d.put("a/b/warm.txt", "w").statusCode()).isEqualTo(201); // the chain is known now

        long homeSpace = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        DataSource ds = ts.backend.database().dataSource();
        long root = one(ds, "SELECT root_node_id FROM space WHERE id = ?", homeSpace);
        long a = one(ds, "SELECT id FROM node WHERE parent_id = " + root + " AND name = 'a' AND ? > 0", 1);
        long b = one(ds, "SELECT id FROM node WHERE parent_id = " + a + " AND name = 'b' AND ? > 0", 1);
        assertThat(b).isLessThan(a);

        long deadlocksBefore = deadlocks(ds);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        boolean otherWasVictim = false;
        int put;
        try (Connection x = ds.getConnection()) {
            x.setAutoCommit(false);
            try {
                try (Statement st = x.createStatement()) {
                    st.execute("SET SESSION innodb_lock_wait_timeout = 20");
                    // a MOVE of /a into another space: /a's row locked exclusively ...
                    st.executeQuery("SELECT id FROM node WHERE id = " + a + " FOR UPDATE")
                            .close();
                }
                Future<Integer> f = pool.submit(() -> d.put("a/b/f.txt", "f").statusCode());
                waitForLockWait(ds, f);
                // ... then the rows below it, top down (NodeRepository.changeSpace)
                try (Statement st = x.createStatement()) {
                    st.executeUpdate("UPDATE node SET ctime = ctime WHERE id = " + b);
                } catch (SQLException e) {
                    otherWasVictim = e.getErrorCode() == 1213;
                    if (!otherWasVictim) {
                        throw e;
                    }
                }
                x.rollback();
                put = f.get(60, TimeUnit.SECONDS);
            } finally {
                x.rollback();
                x.setAutoCommit(true);
                try (Statement st = x.createStatement()) {
                    st.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long deadlocks = deadlocks(ds) - deadlocksBefore;
        System.out.println("PutKnownFoldersLockOrderTest: PUT " + put + ", other transaction was the victim "
                + otherWasVictim + ", deadlocks " + deadlocks);
        assertThat(put).isEqualTo(201);
        assertThat(otherWasVictim)
                .as("the exclusive holder of /a was rolled back as a deadlock victim")
                .isFalse();
        assertThat(deadlocks).as("deadlocks detected by InnoDB meanwhile").isZero();
    }

    /** Gives the PUT time to reach its wait for /a; it must still be waiting then. */
    private static void waitForLockWait(DataSource ds, Future<Integer> put) throws Exception {
        Thread.sleep(1500);
        if (put.isDone()) {
            throw new AssertionError("the PUT finished without waiting for /a: " + put.get());
        }
    }

    private static long deadlocks(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")) {
            return rs.next() ? rs.getLong(2) : -1;
        }
    }

    private static long one(DataSource ds, String sql, long p) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, p);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row: " + sql);
                }
                return rs.getLong(1);
            }
        }
    }
}
