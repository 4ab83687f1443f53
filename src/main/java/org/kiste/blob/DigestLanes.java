package org.kiste.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Digests that run in threads of their own, one thread per lane, all fed with the same buffers the writer has just
 * written. A buffer goes back to the writer once every lane has hashed it; with all of them in flight the writer
 * waits (back-pressure), so an upload never holds more than its fixed set of buffers. The writer owns the digests
 * until it hands them over here and again after {@link #finish}; in between only the lanes touch them.
 */
final class DigestLanes implements AutoCloseable {
    private static final int BUFFERS = 8;

    private record Chunk(byte[] buf, int len, AtomicInteger pending) {}

    private static final Chunk END = new Chunk(new byte[0], -1, new AtomicInteger());

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Lane[] lanes;
    private volatile boolean aborted;
    private boolean ended;

    private final class Lane {
        final MessageDigest[] digests;
        final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
        final Future<?> task;

        Lane(MessageDigest[] digests) {
            this.digests = digests;
            this.task = BlobWorkers.POOL.submit(this::run);
        }

        private Void run() throws InterruptedException {
            while (true) {
                Chunk c = queue.take();
                if (c == END || aborted) {
                    return null;
                }
                for (MessageDigest d : digests) {
                    d.update(c.buf, 0, c.len);
                }
                if (c.pending.decrementAndGet() == 0) {
                    free.add(c.buf);
                }
            }
        }
    }

    /** One lane per group of digests: {@code new DigestLanes(size, {sha256}, {sha1}, {md5})}. */
    DigestLanes(int bufferSize, MessageDigest[]... groups) {
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[bufferSize]);
        }
        lanes = new Lane[groups.length];
        for (int i = 0; i < groups.length; i++) {
            try {
                lanes[i] = new Lane(groups[i]);
            } catch (RuntimeException | Error e) {
                // no thread for this lane (none could be made): the lanes already running must not wait for ever
                aborted = true;
                for (int j = 0; j < i; j++) {
                    lanes[j].queue.offer(END);
                }
                throw e;
            }
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
                for (Lane lane : lanes) {
                    if (lane.task.isDone()) {
                        await(lane);
                        throw new IllegalStateException("a digest thread stopped early");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    /** Hands over the first {@code len} bytes of a buffer from {@link #buffer()}; the caller must not touch it again. */
    void submit(byte[] buf, int len) {
        Chunk c = new Chunk(buf, len, new AtomicInteger(lanes.length));
        for (Lane lane : lanes) {
            lane.queue.add(c); // never full: at most every buffer and the end are queued
        }
    }

    /** Waits until every submitted buffer is hashed; the digests are the caller's again. */
    void finish() throws IOException {
        ended = true;
        for (Lane lane : lanes) {
            lane.queue.add(END);
        }
        for (Lane lane : lanes) {
            await(lane);
        }
    }

    private static void await(Lane lane) throws IOException {
        try {
            lane.task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }

    /** Stops the lanes of an upload that did not finish; its digests are then worthless. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            aborted = true;
            for (Lane lane : lanes) {
                lane.queue.offer(END);
            }
        }
    }
}
