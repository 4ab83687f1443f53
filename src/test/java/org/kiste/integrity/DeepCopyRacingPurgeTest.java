package org.kiste.integrity;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Collector;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A deep COPY writes the rows of a whole subtree in one transaction, each naming the blob of the file it copies.
 * Here a folder of files is deleted, the trash emptied and the blob collector run (without grace period) while a
 * deep COPY of the folder above it is still running: the COPY has already written its rows for those files, but
 * not committed. Whatever the outcome, no committed row may name bytes that are gone: every file the copy holds
 * must read back as written, and {@link TreeInvariants} must hold. A large subtree copied after those files keeps
 * the COPY open; the deletion starts as soon as the COPY's rows for the files exist (read without waiting for its
 * commit), so every round runs the purge and the collector inside the COPY's transaction. Rounds are bounded in
 * number and time.
 */
class DeepCopyRacingPurgeTest {
    private static final int ROUNDS = 12;
    private static final Duration RUN_FOR = Duration.ofSeconds(45);
    /** Files deleted and purged in each round (distinct content: each has a blob of its own). */
    private static final int DOOMED = 40;
    /** Files of the subtree that keeps the COPY busy; it holds {@code BULK_FILES << BULK_DOUBLINGS} files. */
    private static final int BULK_FILES = 32;

    private static final int BULK_DOUBLINGS = 8;
    /** How long a round waits for the COPY's rows before it deletes anyway. */
    private static final Duration COPY_ROWS_WAIT = Duration.ofSeconds(10);

    private final TestServer ts = TestServer.get();

    @Test
    void filesPurgedWhileADeepCopyOfThemRunsStayReadableInTheCopy() throws Exception {
        String user = ts.newUser("cppurge");
        Dav d = ts.dav(user);
        long home = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        long seed = System.nanoTime();
        System.out.println("DeepCopyRacingPurgeTest seed " + seed);
        Random rnd = new Random(seed);
        String trash = ts.baseUrl + "/remote.php/dav/trashbin/" + user + "/trash/";

        expect(d.mkcol("src"), 201, "MKCOL src");
        bulk(d, "src/bulk", rnd);

        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        int broken = 0;
        int rounds = 0;
        long deadline = System.nanoTime() + RUN_FOR.toNanos();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
                rounds++;
                String doomed = "doomed" + round;
                Map<String, byte[]> written = new LinkedHashMap<>();
                List<Long> ids = new ArrayList<>();
                expect(d.mkcol("src/" + doomed), 201, "MKCOL src/" + doomed);
                for (int i = 0; i < DOOMED; i++) {
                    String name = "r" + round + "-" + i + ".bin";
                    byte[] body = new byte[1 + rnd.nextInt(2048)];
                    rnd.nextBytes(body);
                    HttpResponse<byte[]> put = d.sendBytes("PUT", d.url("src/" + doomed + "/" + name), body);
                    expect(put, 201, "PUT " + name);
                    ids.add(Dav.nodeId(put));
                    written.put(name, body);
                }
                List<Long> blobs = blobsOf(ids);

                String copyTo = "copy" + round;
                Future<HttpResponse<String>> copy = pool.submit(() -> d.copy("src", copyTo, "Depth", "infinity"));
                long waited = System.nanoTime();
                boolean seen = awaitRows(blobs, 2 * DOOMED);
                waited = (System.nanoTime() - waited) / 1_000_000;
                int deleted = d.delete("src/" + doomed).statusCode();
                int emptied = d.send("DELETE", trash, null).statusCode();
                Collector.collectNow(ts);
                int copied = copy.get(120, TimeUnit.SECONDS).statusCode();

                List<String> unreadable =
                        Race.Outcome.ok(copied) ? differences(d, copyTo + "/" + doomed, written) : List.of();
                if (!unreadable.isEmpty()) {
                    broken++;
                }
                outcomes.add("round " + round + ": COPY " + copied + " DELETE " + deleted + " EMPTY " + emptied
                        + (seen ? " (purged " + waited + " ms into the COPY)" : " (COPY rows not seen)")
                        + ", unreadable in the copy: " + unreadable.size());
                soft.assertThat(copied)
                        .as("round %d: status of the COPY", round)
                        .isIn(201, 404, 409, 412);
                soft.assertThat(deleted)
                        .as("round %d: status of the DELETE", round)
                        .isEqualTo(204);
                soft.assertThat(emptied)
                        .as("round %d: emptying the trash", round)
                        .isEqualTo(204);
                soft.assertThat(unreadable)
                        .as("round %d: files of %s/%s that do not read back as written", round, copyTo, doomed)
                        .isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("DeepCopyRacingPurgeTest: " + broken + " of " + rounds + " rounds left unreadable files");
        outcomes.forEach(o -> System.out.println("DeepCopyRacingPurgeTest " + o));

        soft.assertThat(TreeInvariants.check(ts, List.of(home)))
                .as("invariants after the rounds (seed %d)", seed)
                .isEmpty();
        soft.assertAll();
    }

    /**
     * {@code path} holding {@code BULK_FILES << BULK_DOUBLINGS} small files, {@code BULK_DOUBLINGS + 1} levels deep:
     * written once, then doubled by copying, so that copying it takes a while after the members above it.
     */
    private static void bulk(Dav d, String path, Random rnd) {
        String current = "bulk-0";
        expect(d.mkcol(current), 201, "MKCOL " + current);
        for (int i = 0; i < BULK_FILES; i++) {
            byte[] body = new byte[1 + rnd.nextInt(256)];
            rnd.nextBytes(body);
            expect(d.sendBytes("PUT", d.url(current + "/f" + i + ".bin"), body), 201, "PUT bulk file");
        }
        for (int i = 1; i <= BULK_DOUBLINGS; i++) {
            String next = "bulk-" + i;
            expect(d.mkcol(next), 201, "MKCOL " + next);
            expect(d.copy(current, next + "/a"), 201, "COPY " + current);
            expect(d.move(current, next + "/b"), 201, "MOVE " + current);
            current = next;
        }
        expect(d.move(current, path), 201, "MOVE " + current);
    }

    /** The blob of each file. */
    private List<Long> blobsOf(List<Long> nodeIds) throws SQLException {
        String marks = String.join(",", java.util.Collections.nCopies(nodeIds.size(), "?"));
        List<Long> out = new ArrayList<>();
        try (Connection c = ts.backend.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM node WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < nodeIds.size(); i++) {
                ps.setLong(i + 1, nodeIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        if (out.size() != nodeIds.size()) {
            throw new AssertionError("blobs of " + nodeIds + ": " + out);
        }
        return out;
    }

    /**
     * Waits (bounded) until {@code count} rows name these blobs, committed or not: the originals and the COPY's
     * rows, written inside its transaction. False when they did not appear in time.
     */
    private boolean awaitRows(List<Long> blobs, int count) throws SQLException {
        String marks = String.join(",", java.util.Collections.nCopies(blobs.size(), "?"));
        long until = System.nanoTime() + COPY_ROWS_WAIT.toNanos();
        try (Connection c = ts.backend.database().dataSource().getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*) FROM node WHERE blob_id IN (" + marks + ")")) {
                for (int i = 0; i < blobs.size(); i++) {
                    ps.setLong(i + 1, blobs.get(i));
                }
                while (System.nanoTime() < until) {
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getInt(1) >= count) {
                            return true;
                        }
                    }
                    LockSupport.parkNanos(500_000);
                }
                return false;
            } finally {
                c.setTransactionIsolation(isolation);
            }
        }
    }

    /**
     * What in {@code path} does not read back as written: each file listed there must have its written size and
     * content. Nothing listed is fine (the COPY did not take the folder along); anything listed must be whole.
     */
    private static List<String> differences(Dav d, String path, Map<String, byte[]> written) {
        List<String> out = new ArrayList<>();
        HttpResponse<String> r = d.propfind(path, "1", MultiStatus.propBody("getcontentlength"));
        if (r.statusCode() == 404) {
            return out;
        }
        if (r.statusCode() != 207) {
            out.add(path + ": PROPFIND " + r.statusCode());
            return out;
        }
        Map<String, String> listed = new HashMap<>();
        for (MultiStatus.Response item : MultiStatus.parse(r).responses) {
            String name = item.path().substring(item.path().lastIndexOf('/') + 1);
            if (written.containsKey(name)) {
                listed.put(name, item.text("getcontentlength"));
            }
        }
        for (Map.Entry<String, String> e : listed.entrySet()) {
            byte[] expected = written.get(e.getKey());
            String file = path + "/" + e.getKey();
            if (!Integer.toString(expected.length).equals(e.getValue())) {
                out.add(file + ": listed with " + e.getValue() + " bytes, " + expected.length + " were written");
            }
            HttpResponse<byte[]> get = d.sendBytes("GET", d.url(file), null);
            if (get.statusCode() != 200) {
                out.add(file + ": GET " + get.statusCode());
            } else if (!Arrays.equals(get.body(), expected)) {
                out.add(file + ": " + get.body().length + " bytes differ from the " + expected.length + " written");
            }
        }
        return out;
    }

    private static void expect(HttpResponse<?> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
