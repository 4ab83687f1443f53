package org.kiste.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.kiste.Backend;
import org.kiste.auth.UserService;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;

/**
 * One real Kiste server per test JVM: real MariaDB ({@link TestDatabase}), real blob directory, Jetty on a free
 * loopback port. Tests isolate themselves by creating their own users ({@link #newUser}).
 */
public final class TestServer {
    private static TestServer instance;
    private static final AtomicInteger USERS = new AtomicInteger();

    public final Backend backend;
    public final KisteServer server;
    public final Path dataDir;
    public final String baseUrl;

    private TestServer(Backend backend, KisteServer server, Path dataDir) {
        this.backend = backend;
        this.server = server;
        this.dataDir = dataDir;
        this.baseUrl = "http://127.0.0.1:" + server.port();
    }

    public static synchronized TestServer get() {
        if (instance == null) {
            try {
                TestServer server = start(true);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                instance = server;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test server", e);
            }
        }
        return instance;
    }

    /**
     * A server of its own (stopped by {@link #close}), set up like the shared one but hashing passwords at the
     * default bcrypt cost, for a test about what that cost does.
     */
    public static TestServer withDefaultHashCost() throws Exception {
        return start(false);
    }

    private static TestServer start(boolean cheapHashes) throws Exception {
        Path data = TestDatabase.tempDir("kiste-test-");
        Map<String, String> s = TestDatabase.settings(data);
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        // every test of the suite logs in from 127.0.0.1 with wrong passwords now and then; the throttles'
        // own tests start servers with the defaults and use other loopback addresses
        s.put("throttle.address.free", "1000000");
        s.put("throttle.account.free", "1000000");
        s.put("throttle.flow-start.free", "1000000");
        if (cheapHashes) {
            // bcrypt at its smallest cost: the suite makes hundreds of users and logs each in; a refusal's cost at
            // the default is checked on a server of its own (RefusalCostTest)
            s.put("password.hash-cost", "4");
        }
        KisteConfig cfg = KisteConfig.from(new Settings(s, Map.of()));
        Backend b = Backend.open(cfg, false);
        KisteServer srv = new KisteServer(b);
        srv.start();
        return new TestServer(b, srv, data);
    }

    /** Stops the server and its backend. */
    public void close() {
        server.stop();
        backend.close();
    }

    public UserService users() {
        return backend.users();
    }

    /** Creates a fresh user (password "pw-" + login) and returns its login. */
    public String newUser(String prefix) {
        String login = prefix + USERS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
        backend.users().add(login, "pw-" + login, false, null, null, -1);
        return login;
    }

    public Dav dav(String login) {
        return new Dav(baseUrl, login, "pw-" + login);
    }

    /** A client that sends no credentials at all. */
    public Dav anonymous() {
        return new Dav(baseUrl, "anonymous", null);
    }
}
