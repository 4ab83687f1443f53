package org.kiste.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kiste.blob.PrivatePaths;
import org.kiste.store.DbEndpoint;

/**
 * MariaDB's own client programs, run on the database Kiste uses: {@code mariadb-dump} writes a consistent snapshot
 * ({@code --single-transaction}) and {@code mariadb} loads one. For the embedded database they come from its own
 * distribution (the same version as the server); for an external one from the PATH, else from the embedded
 * distribution if it was unpacked. The password goes through a private options file, never the command line.
 */
final class DumpTools {
    private static final Pattern JDBC = Pattern.compile("jdbc:(?:mariadb|mysql)://([^/:?,]+)(?::(\\d+))?/([^?]+).*");

    private final Path dump;
    private final Path client;
    private final DbEndpoint endpoint;
    private final String host;
    private final int port;
    private final String schema;

    private DumpTools(Path dump, Path client, DbEndpoint endpoint) throws IOException {
        this.dump = dump;
        this.client = client;
        this.endpoint = endpoint;
        Matcher m = JDBC.matcher(endpoint.url());
        if (!m.matches()) {
            throw new IOException("cannot read host, port and database from the database URL " + endpoint.url()
                    + " (expected jdbc:mariadb://HOST[:PORT]/DATABASE)");
        }
        this.host = m.group(1);
        this.port = m.group(2) == null ? 3306 : Integer.parseInt(m.group(2));
        this.schema = m.group(3);
    }

    /**
     * The programs for {@code endpoint}: from {@code embeddedBin} only when {@code embedded}, else from the PATH
     * first, then from {@code embeddedBin}.
     */
    static DumpTools find(DbEndpoint endpoint, boolean embedded, Path embeddedBin) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!embedded) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(embeddedBin);
        Path dump = program(dirs, "mariadb-dump", "mysqldump")
                .orElseThrow(() -> new IOException("no mariadb-dump found (looked in "
                        + (embedded ? embeddedBin : "PATH and " + embeddedBin)
                        + "); install the MariaDB client programs"));
        Path client = program(dirs, "mariadb", "mysql")
                .orElseThrow(() -> new IOException("no mariadb client found (looked in "
                        + (embedded ? embeddedBin : "PATH and " + embeddedBin)
                        + "); install the MariaDB client programs"));
        return new DumpTools(dump, client, endpoint);
    }

    private static Optional<Path> program(List<Path> dirs, String... names) {
        for (String name : names) {
            for (Path d : dirs) {
                Path p = d.resolve(name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Writes a consistent snapshot of the database to {@code out}. */
    void dump(Path out, Path workDir) throws IOException {
        run(
                workDir,
                null,
                dump.toString(),
                "--single-transaction",
                "--quick",
                "--hex-blob",
                "--complete-insert",
                "--default-character-set=utf8mb4",
                "--result-file=" + out,
                schema);
    }

    /** Loads a snapshot written by {@link #dump} into the (empty) database. */
    void load(Path in, Path workDir) throws IOException {
        run(workDir, in, client.toString(), "--default-character-set=utf8mb4", "--batch", schema);
    }

    private void run(Path workDir, Path stdin, String program, String... args) throws IOException {
        Path options = Files.createTempFile(PrivatePaths.directory(workDir), "client-", ".cnf", PrivatePaths.file());
        Path errors = Files.createTempFile(workDir, "client-", ".err", PrivatePaths.file());
        try {
            Files.writeString(
                    options,
                    "[client]\nuser=" + quoted(endpoint.user()) + "\npassword=" + quoted(endpoint.password())
                            + "\nhost=" + quoted(host) + "\nport=" + port + "\nprotocol=tcp\n"
                            // on loopback (the embedded server runs without TLS): 11.4's client insists on TLS
                            + (loopback() ? "skip-ssl\n" : ""),
                    StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(program);
            cmd.add("--defaults-extra-file=" + options); // must come first
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errors.toFile());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            Process p = pb.start();
            int exit;
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                Thread.currentThread().interrupt();
                throw new IOException(Path.of(program).getFileName() + " was interrupted");
            }
            if (exit != 0) {
                String err = Files.readString(errors, StandardCharsets.UTF_8).strip();
                throw new IOException(Path.of(program).getFileName() + " failed (exit " + exit + "): "
                        + (err.length() > 2000 ? err.substring(0, 2000) + " …" : err));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(options);
            Files.deleteIfExists(errors);
        }
    }

    private boolean loopback() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
    }

    /** An option value as MariaDB's option files read it: in double quotes, with backslash escapes. */
    private static String quoted(String v) {
        return "\""
                + v.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                + "\"";
    }
}
