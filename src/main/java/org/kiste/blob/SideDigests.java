package org.kiste.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Digests that run in a second thread, fed with the same buffers the writer has just written, through a bounded
 * queue; the buffers go back to the writer once hashed. The writer owns the digests until it hands them over here
 * and again after {@link #finish}; in between only the hashing thread touches them.
 */
final class SideDigests implements AutoCloseable {
    private static final int BUFFERS = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blob-digest-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private record Chunk(byte[] buf, int len) {}

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final MessageDigest[] digests;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Future<?> task;
    private volatile boolean aborted;
    private boolean ended;

    SideDigests(int bufferSize, MessageDigest... digests) {
        this.digests = digests;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[bufferSize]);
        }
        this.task = POOL.submit(this::run);
    }

    private Void run() throws InterruptedException {
        while (true) {
            Chunk c = full.take();
            if (c == END || aborted) {
                return null;
            }
            for (MessageDigest d : digests) {
                d.update(c.buf, 0, c.len);
            }
            free.add(c.buf);
        }
    }

    /** A buffer to read the next bytes into; waits while every buffer is still being hashed. */
    byte[] buffer() throws IOException {
        try {
            while (true) {
                byte[] b = free.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
                if (task.isDone()) {
                    await();
                    throw new IllegalStateException("the digest thread stopped early");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    /** Hands over the first {@code len} bytes of a buffer from {@link #buffer()}; the caller must not touch it again. */
    void submit(byte[] buf, int len) throws IOException {
        try {
            full.put(new Chunk(buf, len));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    /** Waits until every submitted buffer is hashed; the digests are the caller's again. */
    void finish() throws IOException {
        ended = true;
        full.add(END);
        await();
    }

    private void await() throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }

    /** Stops the hashing thread of an upload that did not finish; its digests are then worthless. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            aborted = true;
            full.offer(END);
        }
    }
}
