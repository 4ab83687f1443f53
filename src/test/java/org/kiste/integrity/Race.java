package org.kiste.integrity;

import java.net.http.HttpResponse;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Two requests released at the same moment from two threads, so that both reach the server while neither has
 * finished: the way two clients collide on one folder.
 */
final class Race implements AutoCloseable {
    /** Both statuses, {@code a} and {@code b} in the order the requests were given. */
    record Outcome(int a, int b) {
        int wins() {
            return (ok(a) ? 1 : 0) + (ok(b) ? 1 : 0);
        }

        static boolean ok(int status) {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return a + "/" + b;
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    /** Runs both; a request that fails without an answer counts as status 0. */
    Outcome run(Supplier<HttpResponse<?>> a, Supplier<HttpResponse<?>> b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Integer> fa = pool.submit(() -> send(start, a));
        Future<Integer> fb = pool.submit(() -> send(start, b));
        return new Outcome(fa.get(120, TimeUnit.SECONDS), fb.get(120, TimeUnit.SECONDS));
    }

    private static int send(CyclicBarrier start, Supplier<HttpResponse<?>> request) throws Exception {
        start.await(30, TimeUnit.SECONDS);
        try {
            return request.get().statusCode();
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
