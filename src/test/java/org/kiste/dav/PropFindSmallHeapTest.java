package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.TestDatabase;

/**
 * A server in a JVM of its own with a 64 MiB heap answers PROPFIND on a folder of 100,000 entries completely, Depth 1
 * and Depth: infinity (the default limit): the answer is written while the rows are read, never held whole. The
 * entries are rows inserted in batches, not uploads. The largest heap left after a collection is printed, not
 * asserted (no timing or sizing assertions in tests).
 */
class PropFindSmallHeapTest {
    private static final int ENTRIES = 100_000;
    private static final byte[] RESPONSE = "<d:response>".getBytes(StandardCharsets.UTF_8);

    @Test
    void aFolderOf100000EntriesIsListedWholeWithA64MibHeap(@TempDir Path root) throws Exception {
        assumeTrue(TestDatabase.mode() == TestDatabase.Mode.SERVICE, "rows are inserted into the service database");
        try (ServerProcess server = ServerProcess.onTestDatabase(root).jvmOptions("-Xmx64m", "-Xlog:gc")) {
            server.start().awaitHealthy(Duration.ofSeconds(120));
            Dav admin = server.admin();
            String name = "big-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            assertThat(admin.mkcol(name).statusCode()).isEqualTo(201);
            insertFiles(server.dbUrl().orElseThrow(), name);

            for (String depth : new String[] {"1", "infinity"}) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(admin.url(name + "/")))
                        .header("Authorization", admin.authorization())
                        .header("Depth", depth)
                        .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofMinutes(5))
                        .build();
                HttpResponse<InputStream> r =
                        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).as(depth).isEqualTo(207);
                try (InputStream in = r.body()) {
                    assertThat(countResponses(in)).as(depth).isEqualTo(ENTRIES + 1);
                }
            }
            assertThat(server.process().isAlive()).isTrue();
            String log = Files.readString(server.log);
            assertThat(log).doesNotContain("OutOfMemoryError");
            System.out.printf("largest heap after a collection: %d MiB%n", largestAfterGc(log));
        }
    }

    /** The entries as rows of the folder, in batches of 5,000 in one transaction. */
    private static void insertFiles(String dbUrl, String folder) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, "root", "")) {
            long folderId;
            long spaceId;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id, space_id FROM node WHERE name = ? AND kind = 2")) {
                ps.setString(1, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    folderId = rs.getLong(1);
                    spaceId = rs.getLong(2);
                }
            }
            c.setAutoCommit(false);
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO node (space_id, parent_id, name, kind, size,"
                            + " mtime, ctime, created_at, content_etag, mime) VALUES (?, ?, ?, 1, 0, ?, ?, ?, ?, 'text/plain')")) {
                for (int i = 0; i < ENTRIES; i++) {
                    ps.setLong(1, spaceId);
                    ps.setLong(2, folderId);
                    ps.setString(3, String.format("file-%06d.txt", i));
                    ps.setLong(4, now);
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.setString(7, String.format("%016x", i));
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Counts {@code <d:response>} in a stream without holding it. */
    private static long countResponses(InputStream in) throws IOException {
        long count = 0;
        int matched = 0;
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == RESPONSE[matched]) {
                    if (++matched == RESPONSE.length) {
                        count++;
                        matched = 0;
                    }
                } else {
                    matched = b == RESPONSE[0] ? 1 : 0;
                }
            }
        }
        return count;
    }

    /** The largest "after" of the JVM's {@code -Xlog:gc} lines ("12M->5M(64M)"), in MiB. */
    private static long largestAfterGc(String log) {
        Matcher m = Pattern.compile("\\d+M->(\\d+)M\\(").matcher(log);
        long max = -1;
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
        }
        return max;
    }
}
