package org.kiste.nextcloud.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.store.BlobCollector;
import org.kiste.store.Database;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * The blob collector, without grace, racing the moves of a blob's reference between a file and its versions: a
 * write that turns the content into a version, and a restore that turns a version back into the content. Every
 * round, the file and each of its versions read back whole.
 */
class VersionCollectorRaceTest {
    private final TestServer ts = TestServer.get();

    @Test
    void contentMovingBetweenAFileAndItsVersionsIsNeverReclaimed() throws Exception {
        String user = ts.newUser("vgc");
        Dav d = ts.dav(user);
        VersionsDav v = new VersionsDav(d);
        Database db = ts.backend.database();
        List<String> broken = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            String a = "content A " + UUID.randomUUID();
            String b = "content B " + UUID.randomUUID();
            String c = "content C " + UUID.randomUUID();
            String name = "race" + round + ".txt";
            assertThat(d.put(name, a).statusCode()).isEqualTo(201);
            long fileId = Dav.nodeId(d.head(name));
            assertThat(d.put(name, b).statusCode()).isEqualTo(204);
            // old enough for the collector's shortest grace
            db.tx(conn -> {
                try (var ps = conn.prepareStatement(
                        "UPDATE blob_object SET created_at = NOW(3) - INTERVAL 1 HOUR WHERE state = 1")) {
                    return ps.executeUpdate();
                }
            });
            MultiStatus.Response versionA = v.list(fileId).get(0);
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Integer> collector = CompletableFuture.supplyAsync(() -> {
                await(start);
                BlobCollector gc = new BlobCollector(db, ts.backend.blobs(), Duration.ZERO, Duration.ofHours(24));
                int n = 0;
                for (int i = 0; i < 5; i++) {
                    n += gc.run();
                }
                return n;
            });
            boolean restoreFirst = round % 2 == 0;
            CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
                await(start);
                int s1 = restoreFirst
                        ? v.restore(versionA).statusCode()
                        : d.put(name, c).statusCode();
                int s2 = restoreFirst
                        ? d.put(name, c).statusCode()
                        : v.restore(versionA).statusCode();
                return s1 * 1000 + s2;
            });
            start.countDown();
            collector.get(60, TimeUnit.SECONDS);
            int statuses = writes.get(60, TimeUnit.SECONDS);
            assertThat(statuses).isIn(201_204, 204_201);
            var file = d.get(name);
            if (file.statusCode() != 200) {
                broken.add("round " + round + ": the file answers " + file.statusCode());
            }
            for (MultiStatus.Response version : v.list(fileId)) {
                var r = d.send("GET", ts.baseUrl + version.href(), null);
                if (r.statusCode() != 200
                        || !(r.body().equals(a)
                                || r.body().equals(b)
                                || r.body().equals(c))) {
                    broken.add("round " + round + ": version " + version.href() + " answers " + r.statusCode());
                }
            }
        }
        assertThat(broken).as("content reclaimed under a file or a version").isEmpty();
        long home = ts.backend.users().find(user).orElseThrow().principal().homeSpaceId();
        assertThat(org.kiste.integrity.TreeInvariants.check(ts, List.of(home))).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
