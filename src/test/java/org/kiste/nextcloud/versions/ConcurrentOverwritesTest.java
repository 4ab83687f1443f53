package org.kiste.nextcloud.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.kiste.integrity.TreeInvariants;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * Writers racing on one file, all with the same modification time: PUTs of new content, a PUT of content stored
 * already, and a MOVE of another file over it. Each replaced content becomes one version under a name of its own,
 * every version reads back as one of the contents written, and the file ends with one of them.
 */
class ConcurrentOverwritesTest {
    private static final int WRITERS = 8;
    private static final String MTIME = "1700000000";
    private final TestServer ts = TestServer.get();

    @Test
    void everyReplacedContentIsKeptOnceUnderItsOwnName() throws Exception {
        String user = ts.newUser("ovr");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try {
            for (int round = 0; round < 3; round++) {
                String name = "doc" + round + ".txt";
                String first = "first " + round;
                assertThat(d.put(name, first, "X-OC-Mtime", MTIME).statusCode()).isEqualTo(201);
                assertThat(d.put("stored" + round + ".txt", "stored " + round).statusCode())
                        .isEqualTo(201);
                assertThat(d.put("mover" + round + ".txt", "moved " + round, "X-OC-Mtime", MTIME)
                                .statusCode())
                        .isEqualTo(201);
                long fileId = Dav.nodeId(d.head(name));
                Set<String> written = new HashSet<>(List.of(first));
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Integer>> all = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String text = "writer " + w + " of round " + round;
                    written.add(text);
                    all.add(once(
                            start,
                            pool,
                            () -> d.put(name, text, "X-OC-Mtime", MTIME).statusCode()));
                }
                String stored = "stored " + round;
                written.add(stored);
                all.add(once(
                        start,
                        pool,
                        () -> d.put(name, stored, "X-OC-Mtime", MTIME).statusCode()));
                written.add("moved " + round);
                String mover = "mover" + round + ".txt";
                all.add(once(
                        start, pool, () -> d.move(mover, name, "Overwrite", "T").statusCode()));
                start.countDown();
                for (CompletableFuture<Integer> f : all) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(204);
                }

                assertThat(Dav.nodeId(d.head(name))).as("the file keeps its id").isEqualTo(fileId);
                assertThat(written).contains(d.get(name).body());
                List<MultiStatus.Response> versions = v.list(fileId);
                assertThat(versions).as("one version per replaced content").hasSize(WRITERS + 2);
                Set<String> names = new HashSet<>();
                for (MultiStatus.Response version : versions) {
                    names.add(version.href().substring(version.href().lastIndexOf('/') + 1));
                    var r = d.send("GET", ts.baseUrl + version.href(), null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(written).contains(r.body());
                }
                assertThat(names).as("a name of its own each").hasSize(WRITERS + 2);
            }
        } finally {
            pool.shutdownNow();
        }
        long home = ts.backend.users().find(user).orElseThrow().principal().homeSpaceId();
        assertThat(TreeInvariants.check(ts, List.of(home))).isEmpty();
    }

    /** Runs {@code write} on {@code pool} once {@code start} opens; its status. */
    private static CompletableFuture<Integer> once(
            CountDownLatch start, ExecutorService pool, Supplier<Integer> write) {
        return CompletableFuture.supplyAsync(
                () -> {
                    await(start);
                    return write.get();
                },
                pool);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
