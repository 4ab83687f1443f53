package org.kiste.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Flushes a big file's written bytes to the disk in another thread while the body is still arriving, so that the
 * disk writes alongside the network instead of all at the end; the fsync before the rename then has only the tail
 * left. At most one flush runs at a time. Durability does not rest on it: the file and its directory are still
 * fsync'd before the answer. A flush that fails (the disk full) fails the upload, with the system's own error.
 */
final class WriteBehind implements AutoCloseable {
    /** A flush starts once this many bytes were written since the last one started. */
    private static final long EVERY = 32L * 1024 * 1024;

    private final FileChannel ch;
    private long lastStart;
    private Future<?> running;

    WriteBehind(FileChannel ch) {
        this.ch = ch;
    }

    /** Called after each write with the bytes written so far; fails with the error of an earlier flush. */
    void wrote(long total) throws IOException {
        if (total - lastStart < EVERY) {
            return;
        }
        if (running != null) {
            if (!running.isDone()) {
                return;
            }
            await();
        }
        lastStart = total;
        running = BlobWorkers.POOL.submit(() -> {
            ch.force(false);
            return null;
        });
    }

    /** Waits for the flush under way, if any; fails with its error. */
    void await() throws IOException {
        if (running == null) {
            return;
        }
        Future<?> f = running;
        running = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("flushing failed", e.getCause());
        }
    }

    /** Lets a flush under way end before the file is closed; its outcome no longer matters. */
    @Override
    public void close() {
        if (running != null) {
            try {
                running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the upload already failed, or its own flush reports the same
            }
            running = null;
        }
    }
}
