package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.TestServer;

/** LOCKs racing for one resource: exactly one exclusive lock is granted, the others get 423, never a 5xx. */
class ConcurrentLocksTest {
    private static final int LOCKERS = 8;
    private static final TestServer s = TestServer.get();
    private static Dav me;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        me = s.dav(s.newUser("lockrace"));
        pool = Executors.newFixedThreadPool(LOCKERS);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    private static List<HttpResponse<String>> race(Callable<HttpResponse<String>> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> fs = new ArrayList<>();
        for (int i = 0; i < LOCKERS; i++) {
            fs.add(pool.submit(() -> {
                start.await();
                return request.call();
            }));
        }
        start.countDown();
        List<HttpResponse<String>> out = new ArrayList<>();
        for (Future<HttpResponse<String>> f : fs) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void oneExclusiveLockWinsOnAnExistingFile() throws Exception {
        Dav dav = me.in("existing");
        dav.put("f.txt", "x");
        List<HttpResponse<String>> rs = race(() -> DavLocks.lock(dav, "f.txt", true, "0", "Second-600", null));
        assertThat(rs).extracting(HttpResponse::statusCode).containsOnly(200, 423);
        assertThat(rs).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        String winner = DavLocks.tokenOf(
                rs.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow());
        assertThat(DavLocks.discovered(dav, "f.txt"))
                .extracting(DavLocks.Active::token)
                .containsExactly(winner);
    }

    @Test
    void oneExclusiveLockWinsOnAnUnmappedUrl() throws Exception {
        Dav dav = me.in("unmapped");
        List<HttpResponse<String>> rs = race(() -> DavLocks.lock(dav, "new.txt", true, "0", "Second-600", null));
        assertThat(rs)
                .extracting(HttpResponse::statusCode)
                .as("statuses")
                .allMatch(c -> c == 200 || c == 201 || c == 423);
        assertThat(rs).filteredOn(r -> r.statusCode() < 300).hasSize(1);
        String winner = DavLocks.tokenOf(
                rs.stream().filter(r -> r.statusCode() < 300).findFirst().orElseThrow());
        assertThat(DavLocks.discovered(dav, "new.txt"))
                .extracting(DavLocks.Active::token)
                .containsExactly(winner);
        assertThat(dav.get("new.txt").body()).isEmpty();
    }

    @Test
    void sharedLocksAllSucceed() throws Exception {
        Dav dav = me.in("shared");
        dav.mkcol("d");
        List<HttpResponse<String>> rs = race(() -> DavLocks.lock(dav, "d", false, "infinity", "Second-600", null));
        assertThat(rs).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(DavLocks.discovered(dav, "d")).hasSize(LOCKERS);
    }
}
