package org.kiste.blob;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that hash and flush a big body next to the thread that receives it: daemons, made as needed. */
final class BlobWorkers {
    private static final AtomicInteger THREADS = new AtomicInteger();

    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blob-worker-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private BlobWorkers() {}
}
