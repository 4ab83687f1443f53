package org.kiste.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * 40 COPYs at once from a home into a team folder that has a quota, with the default pool of 16 connections. A
 * write transaction used to borrow a second pooled connection for the quota check, so 16 concurrent cross-space
 * COPYs held the whole pool while each waited for one more: 14 of 40 answered 503 after exactly 30 s. No
 * transaction may take a second connection, so every COPY answers 201.
 */
class CrossSpaceCopyPoolTest {
    private static final int COPIES = 40;
    /** Well above what the server needs; the point is the answer, not its speed. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

    private final TestServer ts = TestServer.get();

    @Test
    void fortyConcurrentCopiesIntoATeamFolderWithAQuotaAllSucceed() throws Exception {
        String user = ts.newUser("pool");
        String team = "Pool " + System.nanoTime() % 1_000_000;
        long teamSpace = ts.backend
                .teamFolders()
                .create(AuditLog.ADMIN_CLI, team, 1L << 30)
                .spaceId();
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.USER, user, Role.EDITOR);
        ts.backend.files().mountsChanged();
        long home = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        // more concurrent transactions than pooled connections, or the test proves nothing
        assertThat(ts.backend.config().dbPoolSize()).isLessThan(COPIES);
        Dav d = ts.dav(user);
        long seed = System.nanoTime();
        System.out.println("CrossSpaceCopyPoolTest seed " + seed);
        SampleFolder source = SampleFolder.create(d, "source", new Random(seed));

        // one connection per request, as 40 clients would have
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(COPIES);
        Map<Integer, String> outcomes = new TreeMap<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> copies = new ArrayList<>();
            for (int i = 0; i < COPIES; i++) {
                String to = Dav.enc(team) + "/copy" + i;
                copies.add(pool.submit(() -> {
                    HttpRequest copy = d.request("COPY", d.url("source"), null, "Destination", d.url(to))
                            .timeout(CLIENT_TIMEOUT)
                            .build();
                    start.await();
                    try {
                        HttpResponse<String> r = http.send(copy, HttpResponse.BodyHandlers.ofString());
                        return Integer.toString(r.statusCode());
                    } catch (IOException e) {
                        return "no answer: " + e;
                    }
                }));
            }
            start.countDown();
            for (int i = 0; i < COPIES; i++) {
                outcomes.put(i, copies.get(i).get(CLIENT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("CrossSpaceCopyPoolTest answers: " + outcomes);
        Map<Integer, String> failed = new TreeMap<>(outcomes);
        failed.values().removeIf("201"::equals);
        assertThat(failed).as("COPYs that did not answer 201, of %d", COPIES).isEmpty();
        for (int i = 0; i < COPIES; i++) {
            assertThat(source.differencesAt(d, Dav.enc(team) + "/copy" + i))
                    .as("copy %d", i)
                    .isEmpty();
        }
        assertThat(TreeInvariants.check(ts, List.of(home, teamSpace)))
                .as("invariants after the copies")
                .isEmpty();
    }
}
