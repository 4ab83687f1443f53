package org.kiste.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells, within about four seconds, whether the database answers, by pinging it every second over a connection of
 * its own (never one of the pool, which may all be busy). One failed ping is not enough: a probe connection that
 * broke (a restarted proxy, a dropped TCP connection) fails once while the database is fine, so a failure is
 * tried again at once over a fresh connection with a shorter timeout, and only a second failure declares the
 * database down (a second of delay, two seconds, then one: within the five-second budget of an answer). While it does not, borrowing refuses at once and the
 * connections lent out are aborted, so a request waiting on a frozen or vanished database is answered 503 in
 * seconds, while a long statement of a database that is alive (a deep COPY) is never cut: its database still
 * answers the ping. Statements themselves get only a generous socket timeout (see {@link Database}).
 */
final class DatabaseWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    private static final int PING_SECONDS = 2;
    private static final int RETRY_SECONDS = 1;

    private final String url;
    private final String retryUrl;
    private final DbEndpoint endpoint;
    private final int port;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiste-db-watch");
        t.setDaemon(true);
        return t;
    });
    /** MariaDB's "Too many connections" and "User has exceeded the max_user_connections". */
    private static final int ER_CON_COUNT_ERROR = 1040;

    private static final int ER_TOO_MANY_USER_CONNECTIONS = 1203;
    private volatile boolean reachable = true;
    private Connection probe;
    private volatile Runnable onBack = () -> {};

    DatabaseWatch(DbEndpoint endpoint) {
        this.endpoint = endpoint;
        this.port = endpoint.port();
        this.url = withTimeouts(endpoint.url(), PING_SECONDS);
        this.retryUrl = withTimeouts(endpoint.url(), RETRY_SECONDS);
    }

    private static String withTimeouts(String url, int seconds) {
        int ms = seconds * 1000;
        return url + (url.contains("?") ? "&" : "?") + "connectTimeout=" + ms + "&socketTimeout=" + ms;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    boolean reachable() {
        return reachable;
    }

    /** Runs {@code action} on the watch's thread each time the database answers again after it did not. */
    void onBack(Runnable action) {
        this.onBack = action;
    }

    /** One round: ping (and, when the database was up, ping once more before believing it is down). */
    void check() {
        boolean ok = ping(url, PING_SECONDS);
        if (!ok && reachable) {
            ok = ping(retryUrl, RETRY_SECONDS);
        }
        if (ok == reachable) {
            return;
        }
        reachable = ok;
        if (ok) {
            log.info("the database answers again");
            onBack.run();
            return;
        }
        int closed = WatchedSocketFactory.closeTo(port);
        log.warn("database unreachable: answering 503 until it answers again; closed {} connections to it", closed);
    }

    private boolean ping(String withTimeouts, int seconds) {
        try {
            if (probe == null || probe.isClosed()) {
                probe = DriverManager.getConnection(withTimeouts, endpoint.user(), endpoint.password());
            }
            if (probe.isValid(seconds)) {
                return true;
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_CON_COUNT_ERROR || e.getErrorCode() == ER_TOO_MANY_USER_CONNECTIONS) {
                // the server answered, only it has no connection to spare for the probe: it is there, and closing
                // the pool's connections would only make it worse
                log.debug("database ping refused for want of connections: {}", e.toString());
                return true;
            }
            log.debug("database ping failed: {}", e.toString());
        } catch (RuntimeException e) {
            log.debug("database ping failed: {}", e.toString());
        }
        closeProbe();
        return false;
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // gone already
            }
            probe = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeProbe();
    }
}
