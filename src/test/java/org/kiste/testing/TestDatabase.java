package org.kiste.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Which real MariaDB the tests use: the service on 127.0.0.1:3306 (a fresh database per test JVM, dropped at
 * exit) or the embedded one (a fresh data directory per test JVM). {@code -Dkiste.test.db=service|embedded}
 * (or {@code KISTE_TEST_DB}) forces one; otherwise the service is used when it answers.
 */
public final class TestDatabase {
    public enum Mode {
        SERVICE,
        EMBEDDED
    }

    private static Mode mode;
    private static String serviceDb;

    private TestDatabase() {}

    public static synchronized Mode mode() {
        if (mode == null) {
            String forced = System.getProperty("kiste.test.db", System.getenv().getOrDefault("KISTE_TEST_DB", ""));
            if (forced.equalsIgnoreCase("service")) {
                mode = Mode.SERVICE;
            } else if (forced.equalsIgnoreCase("embedded")) {
                mode = Mode.EMBEDDED;
            } else {
                mode = serviceAnswers() ? Mode.SERVICE : Mode.EMBEDDED;
            }
        }
        return mode;
    }

    static boolean serviceAnswers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Settings for a Backend: a temp data dir, plus the service database URL in service mode. */
    public static synchronized Map<String, String> settings(Path dataDir) {
        Map<String, String> s = new HashMap<>();
        s.put("data", dataDir.toString());
        if (mode() == Mode.SERVICE) {
            if (serviceDb == null) {
                serviceDb = createServiceDatabase();
            }
            s.put("db.url", "jdbc:mariadb://127.0.0.1:3306/" + serviceDb);
            s.put("db.user", "root");
            s.put("db.password", "");
        }
        return s;
    }

    /**
     * Like {@link #settings}, for a server in this JVM with a blob store of its own: in service mode a new database
     * on every call (dropped when the test JVM exits), since content is stored once per database and a blob row
     * naming bytes in another store would be found by the other servers' uploads of the same content.
     */
    public static synchronized Map<String, String> isolatedSettings(Path dataDir) {
        Map<String, String> s = new HashMap<>();
        s.put("data", dataDir.toString());
        if (mode() == Mode.SERVICE) {
            s.put("db.url", "jdbc:mariadb://127.0.0.1:3306/" + createServiceDatabase());
            s.put("db.user", "root");
            s.put("db.password", "");
        }
        return s;
    }

    /** Env-style variables for a server started as a separate process (same database choice). */
    public static Map<String, String> environment(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        settings(dataDir).forEach((k, v) -> env.put(org.kiste.config.Settings.envName(k), v));
        return env;
    }

    /**
     * Like {@link #environment}, for a server process that must not share its database with any other data
     * directory (a kill and restart test): in service mode a new database on every call, dropped when the test JVM
     * exits; in embedded mode nothing but the data dir, so the server runs the embedded MariaDB under it.
     */
    public static Map<String, String> isolatedEnvironment(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("KISTE_DATA", dataDir.toString());
        if (mode() == Mode.SERVICE) {
            env.put("KISTE_DB_URL", "jdbc:mariadb://127.0.0.1:3306/" + createServiceDatabase());
            env.put("KISTE_DB_USER", "root");
            env.put("KISTE_DB_PASSWORD", "");
        }
        return env;
    }

    private static String createServiceDatabase() {
        String name =
                "kiste_test_" + ProcessHandle.current().pid() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on 127.0.0.1:3306: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException ignored) {
                // best effort
            }
        }));
        return name;
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The application account of the embedded database a server of this JVM runs under {@code dataDir} (attaching
     * would lock its owner file a second time in one JVM): URL, user and password.
     */
    public static String[] embeddedAccount(Path dataDir) {
        try {
            Path home = dataDir.resolve("db");
            String port = Files.readString(home.resolve("port")).trim();
            String secret = Files.readString(home.resolve("secret")).trim();
            return new String[] {"jdbc:mariadb://127.0.0.1:" + port + "/kiste", "kiste", secret};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
