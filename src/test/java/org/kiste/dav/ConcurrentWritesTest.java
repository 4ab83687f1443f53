package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Writers racing for one name: every request gets a proper answer (never a 5xx), exactly one creates the name,
 * and If-None-Match: * lets exactly one of them through (RFC 9110 §13.1.2).
 */
class ConcurrentWritesTest {
    private static final int WRITERS = 8;
    private static final TestServer s = TestServer.get();
    private static Dav me;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        me = s.dav(s.newUser("race"));
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** Runs {@code WRITERS} copies of a request released at the same moment; returns their statuses. */
    private static List<Integer> race(Callable<Integer> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            fs.add(pool.submit(() -> {
                start.await();
                return request.call();
            }));
        }
        start.countDown();
        List<Integer> out = new ArrayList<>();
        for (Future<Integer> f : fs) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void racingPutsOfOneNewFileCreateItOnce() throws Exception {
        Dav dav = me.in("put");
        for (int round = 0; round < 5; round++) {
            String name = "f" + round + ".txt";
            List<Integer> st = race(
                    () -> dav.put(name, "same bytes " + Thread.currentThread().getId())
                            .statusCode());
            assertThat(st).as("round %d", round).containsOnly(201, 204);
            assertThat(st.stream().filter(x -> x == 201).count())
                    .as("creations in round %d: %s", round, st)
                    .isEqualTo(1);
        }
        assertThat(MultiStatus.parse(dav.propfind("", "1", null)).responses).hasSize(6);
    }

    @Test
    void ifNoneMatchStarLetsExactlyOneCreatorThrough() throws Exception {
        Dav dav = me.in("inm");
        for (int round = 0; round < 5; round++) {
            String name = "g" + round + ".txt";
            List<Integer> st =
                    race(() -> dav.put(name, "x", "If-None-Match", "*").statusCode());
            assertThat(st).as("round %d", round).containsOnly(201, 412);
            assertThat(st.stream().filter(x -> x == 201).count())
                    .as("creations in round %d: %s", round, st)
                    .isEqualTo(1);
        }
    }

    @Test
    void racingMkcolsCreateTheFolderOnce() throws Exception {
        Dav dav = me.in("mkcol");
        for (int round = 0; round < 5; round++) {
            String name = "d" + round;
            List<Integer> st = race(() -> dav.mkcol(name).statusCode());
            assertThat(st).as("round %d", round).containsOnly(201, 405);
            assertThat(st.stream().filter(x -> x == 201).count())
                    .as("round %d: %s", round, st)
                    .isEqualTo(1);
        }
    }

    @Test
    void racingCopiesToOneNewNameCreateItOnce() throws Exception {
        Dav dav = me.in("copy");
        dav.put("src.txt", "source");
        for (int round = 0; round < 5; round++) {
            String name = "c" + round + ".txt";
            List<Integer> st = race(() -> dav.copy("src.txt", name).statusCode());
            assertThat(st).as("round %d", round).containsOnly(201, 204);
            assertThat(st.stream().filter(x -> x == 201).count())
                    .as("round %d: %s", round, st)
                    .isEqualTo(1);
        }
    }
}
