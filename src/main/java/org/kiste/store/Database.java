package org.kiste.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pooled MariaDB connection, migrations, and the transaction template every repository uses. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 5;
    /** How often a transaction whose connection broke before its commit is run again on a fresh one. */
    private static final int MAX_RECONNECTS = 1;

    /** Connections in auto-commit, for reads and single statements. */
    private final HikariDataSource pool;
    /**
     * Connections kept outside auto-commit, for transactions: the first statement begins one and COMMIT ends it, so
     * a write spends no round trip on switching auto-commit off and on again.
     */
    private final HikariDataSource writes;
    /**
     * The connection of the transaction this thread is running, if any. A transaction that asks the pool for a
     * second connection can deadlock the pool once enough threads do it at once, so that is refused outright.
     */
    private final ThreadLocal<Connection> inTransaction = new ThreadLocal<>();

    private final DatabaseWatch watch;

    private Database(HikariDataSource pool, HikariDataSource writes, DatabaseWatch watch) {
        this.pool = pool;
        this.writes = writes;
        this.watch = watch;
    }

    /** Opens the two pools, for reads and for transactions, of at most {@code poolSize} connections each. */
    public static Database open(DbEndpoint endpoint, int poolSize) {
        DatabaseWatch watch = new DatabaseWatch(endpoint);
        HikariDataSource pool = new HikariDataSource(config(endpoint, "kiste-db", poolSize, true));
        HikariDataSource writes;
        try {
            writes = new HikariDataSource(config(endpoint, "kiste-db-tx", poolSize, false));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Database db = new Database(pool, writes, watch);
        // connections made before the database went away (a restarted mariadbd) are dead: the idle ones are
        // closed now, the ones lent out when they come back, so no request after the return is handed one
        watch.onBack(() -> {
            for (HikariDataSource each : List.of(pool, writes)) {
                var bean = each.getHikariPoolMXBean();
                if (bean != null) {
                    bean.softEvictConnections();
                }
            }
        });
        watch.start();
        return db;
    }

    private static HikariConfig config(DbEndpoint endpoint, String name, int poolSize, boolean autoCommit) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(withDefaults(endpoint.url()));
        hc.setUsername(endpoint.user());
        hc.setPassword(endpoint.password());
        hc.setMaximumPoolSize(poolSize);
        hc.setAutoCommit(autoCommit);
        if (poolSize > 4) {
            hc.setMinimumIdle(4); // idle connections are closed down to four after idleTimeout
        }
        // READ COMMITTED: one statement = one consistent snapshot, and no gap locks between concurrent inserts
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.setMaxLifetime(10 * 60_000); // well below MariaDB's default wait_timeout of 8 h
        hc.setIdleTimeout(5 * 60_000);
        // a database that cannot be reached is answered 503 within seconds: a borrow waits at most 3 s, and an idle
        // connection is checked (at most 1 s) before it is handed out, so a frozen server is found out on borrow
        hc.setConnectionTimeout(3_000);
        hc.setValidationTimeout(1_000);
        return hc;
    }

    private static String withDefaults(String url) {
        String sep = url.contains("?") ? "&" : "?";
        // allowMultiQueries: a few writes send several statements in one round trip (the change journal, a new
        // file's rows, an entry lock with the WebDAV locks). Request input reaches them only as parameters the
        // driver quotes ("/*client prepare*/"), never spliced into SQL, so statement stacking cannot be abused.
        return url + sep
                + "useBulkStmts=true&useServerPrepStmts=true&cachePrepStmts=true&prepStmtCacheSize=250&allowMultiQueries=true"
                + "&connectionCollation=utf8mb4_bin&useAffectedRows=false"
                // connecting is bounded (3 s); a statement already under way is cut only after 10 minutes without
                // a byte from the server: far above the longest legitimate statement (a deep COPY, a big purge),
                // so only a frozen or vanished server ends it (and frees the request that waited on it)
                + "&connectTimeout=3000&socketTimeout=600000&socketFactory=" + WatchedSocketFactory.class.getName();
    }

    /** Applies the Flyway migrations under {@code db/migration}. */
    public void migrate() {
        var result = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .baselineOnMigrate(false)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("database schema migrated to version {}", result.targetSchemaVersion);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} with auto-commit: for reads and single statements. */
    public <T> T read(SqlWork<T> work) {
        refuseNesting();
        try (Connection c = borrow()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs {@code work} in one read-only transaction whose statements all read the same consistent snapshot
     * (REPEATABLE READ, started at once), for reads of several statements that must agree with each other.
     */
    public <T> T snapshot(SqlWork<T> work) {
        refuseNesting();
        try (Connection c = borrow()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                return work.run(c);
            } finally {
                safeRollback(c);
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A pooled connection, refused at once while the database does not answer ({@link DatabaseWatch}). */
    private Connection borrow() throws SQLException {
        return borrow(pool);
    }

    private Connection borrow(HikariDataSource from) throws SQLException {
        if (!watch.reachable()) {
            throw new StoreException("database unreachable");
        }
        return from.getConnection();
    }

    /** False while the database does not answer its ping. */
    public boolean reachable() {
        return watch.reachable();
    }

    /**
     * Runs {@code work} in one transaction, retrying it whole on deadlock or lock-wait timeout (1213/1205), so
     * work must not have effects outside the database. A failing commit is never retried: its outcome is unknown
     * (the commit may have reached the database), so it is reported as {@link StoreException#outcomeUnknown()}.
     */
    public <T> T tx(SqlWork<T> work) {
        refuseNesting();
        int reconnects = 0;
        for (int attempt = 1; ; attempt++) {
            Connection borrowed;
            try {
                borrowed = borrow(writes);
            } catch (SQLException e) {
                throw new StoreException(e); // the pool could not lend one in time: no second wait
            }
            // a connection of the transactions' pool is never in auto-commit: its first statement begins one
            try (Connection c = borrowed) {
                T result;
                inTransaction.set(c);
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException e) {
                    safeRollback(c);
                    throw e;
                } finally {
                    inTransaction.remove();
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    throw StoreException.commitFailed(e);
                }
                return result;
            } catch (SQLException e) {
                if (retryable(e) && attempt < MAX_ATTEMPTS) {
                    backoff(attempt);
                    continue;
                }
                if (connectionBroke(e) && reconnects < MAX_RECONNECTS && watch.reachable()) {
                    // the server rolled back what this connection had not committed (a pooled connection that
                    // outlived a database restart): the whole transaction runs again on another connection
                    reconnects++;
                    log.debug("transaction connection broke before its commit; running it again: {}", e.toString());
                    continue;
                }
                throw new StoreException(e);
            }
        }
    }

    /** True while this thread runs a transaction (its work may not ask for another connection). */
    public boolean inTransaction() {
        return inTransaction.get() != null;
    }

    private void refuseNesting() {
        if (inTransaction.get() != null) {
            throw new IllegalStateException("a transaction asked the pool for a second connection");
        }
    }

    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s
                    && (s.getErrorCode() == 1213
                            || s.getErrorCode() == 1205
                            || "40001".equals(s.getSQLState())
                            || s instanceof SQLTransientException && s.getErrorCode() != 0)) {
                return true;
            }
        }
        return false;
    }

    /** True for a connection-level failure (SQLState class 08): the connection is gone, not the statement wrong. */
    static boolean connectionBroke(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof SQLException s
                            && s.getSQLState() != null
                            && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; Hikari will evict it
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep((long) (Math.random() * 5 * attempt) + attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        watch.close();
        writes.close();
        pool.close();
    }
}
