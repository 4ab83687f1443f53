package org.kiste.nextcloud.bulk;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * The work on the files of one bulk upload, queued by the request's thread as it receives them. Each file's commit
 * runs on the shared commit threads, up to {@link #IN_FLIGHT} of one request at a time, so the files' transactions
 * share the database's redo-log flush and their blobs' fsyncs overlap, while the request's thread receives the next
 * files (it waits while all slots are taken). Each file keeps its own transaction. Order is kept where it matters:
 * work on a path runs after the earlier work on the same path, so the later file is the one that stays and its
 * answer is the one given; and a file that might not fit beside the files still committing waits until they are
 * done, so near the quota the files are decided in the order they were sent.
 *
 * <p>Work answers its own refusals; should it fail anyway (an error), the failure is logged, its file has no
 * answer, and the other files are still decided.
 */
final class Commits {
    /** Commits of one request at a time. */
    static final int IN_FLIGHT = 8;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Commits.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Executor where;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    /** The last work queued on each path (its parsed path, or the raw header when it did not parse). */
    private final Map<Object, CompletableFuture<Void>> lastByPath = new HashMap<>();

    Commits(Executor where) {
        this.where = where;
    }

    /**
     * Queues the commit of a received file of {@code bytes} on {@code path}: after the earlier work on that path,
     * once one of the request's slots is free. When the file might not fit beside the bytes still committing
     * ({@code fitsBeside} says no), it first waits for them.
     */
    void commit(Object path, long bytes, LongPredicate fitsBeside, Runnable work) {
        if (!fitsBeside.test(bytesInFlight.get())) {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
        slots.acquireUninterruptibly();
        bytesInFlight.addAndGet(bytes);
        CompletableFuture<Void> f = queue(
                path,
                () -> {
                    try {
                        work.run();
                    } finally {
                        bytesInFlight.addAndGet(-bytes);
                        slots.release();
                    }
                },
                where);
        inFlight.add(f);
        f.whenComplete((v, e) -> inFlight.remove(f));
    }

    /** The bytes of the files queued and not yet decided. */
    long bytesInFlight() {
        return bytesInFlight.get();
    }

    /** Queues work that commits nothing (the answer of a refused file) after the earlier work on its path. */
    void answer(Object path, Runnable work) {
        queue(path, work, Runnable::run);
    }

    /** Waits until all queued work is done. */
    void done() {
        CompletableFuture.allOf(lastByPath.values().toArray(CompletableFuture[]::new))
                .join();
    }

    private CompletableFuture<Void> queue(Object path, Runnable work, Executor on) {
        CompletableFuture<Void> f = lastByPath
                .getOrDefault(path, DONE)
                .thenRunAsync(
                        () -> {
                            try {
                                work.run();
                            } catch (RuntimeException | Error e) {
                                log.error("a file of a bulk upload failed unexpectedly", e);
                            }
                        },
                        on);
        lastByPath.put(path, f);
        return f;
    }
}
