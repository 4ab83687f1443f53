package org.kiste.nextcloud.bulk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The answers of one bulk upload, one per file in the order of the parts, and the chain of the request's commits:
 * each file's work runs after the work of the files before it, so the files are decided in the order they were
 * sent, each in its own transaction.
 */
final class Answers {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Answers.class);
    private final Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

    /** Keeps the place of a file's answer in the order of the parts. */
    synchronized void expect(String path) {
        byPath.putIfAbsent(path, null);
    }

    synchronized void put(String path, Map<String, Object> answer) {
        byPath.put(path, answer);
    }

    /**
     * Runs {@code work} after everything queued before it. Work answers its own refusals; should it fail anyway (an
     * error), the failure is logged, its file has no answer, and the files after it are still decided.
     */
    void then(Runnable work, Executor where) {
        chain = chain.thenRunAsync(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException | Error e) {
                        log.error("a file of a bulk upload failed unexpectedly", e);
                    }
                },
                where);
    }

    /** Waits until every queued commit is done. */
    void committed() {
        chain.join();
    }

    /** The answers, once {@link #committed}. */
    synchronized Map<String, Map<String, Object>> all() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        byPath.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
