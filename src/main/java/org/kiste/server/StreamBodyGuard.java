package org.kiste.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimum body rate of {@link SlowClientGuard} for each HTTP/2 stream, which shares its connection with other
 * streams and so cannot be measured on the connection: while a request waits for body bytes that its client has
 * not sent, the time is counted, and once a whole rate window has been spent waiting with fewer than the minimum
 * bytes in it, the body fails. The blocked read ends with an error, the request is answered, and Jetty resets the
 * stream whose body was not read to its end. A stream whose client sends nothing at all ends the same way, after one
 * window. Time the server spends not reading (writing to disk, waiting for a lock) is not held against the client.
 */
final class StreamBodyGuard extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(StreamBodyGuard.class);

    private final Scheduler scheduler;
    private final long minBytesPerSecond;
    private final long windowNanos;
    private final long tickMillis;

    StreamBodyGuard(Handler next, Scheduler scheduler, long minBytesPerSecond, Duration rateWindow) {
        super(next);
        this.scheduler = scheduler;
        this.minBytesPerSecond = minBytesPerSecond;
        this.windowNanos = rateWindow.toNanos();
        this.tickMillis = Math.max(100, rateWindow.toMillis() / 4);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (minBytesPerSecond <= 0
                || request.getConnectionMetaData().getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()) {
            return super.handle(request, response, callback); // HTTP/1.x: measured on its connection
        }
        Watched watched = new Watched(request);
        return super.handle(watched, response, Callback.from(callback, watched::finish));
    }

    /** One stream's request, with the time its reader has waited for the client and the bytes that came. */
    private final class Watched extends Request.Wrapper implements Runnable {
        private final AtomicReference<Runnable> waiting = new AtomicReference<>();
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean done;
        private volatile Throwable failure;
        private volatile long bytes;
        private long windowBytes;
        private long waitedNanos;
        private long lastTick; // written before the first tick is scheduled, then by the ticks only

        Watched(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            Throwable f = failure;
            if (f != null) {
                return Content.Chunk.from(f, true);
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytes += chunk.remaining();
                if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
                    done = true;
                }
            }
            return chunk;
        }

        @Override
        public void demand(Runnable onContent) {
            if (failure != null) {
                onContent.run();
                return;
            }
            waiting.set(onContent);
            if (started.compareAndSet(false, true)) {
                lastTick = NanoTime.now();
                scheduler.schedule(this, tickMillis, TimeUnit.MILLISECONDS);
            }
            super.demand(() -> {
                Runnable r = waiting.getAndSet(null);
                if (r != null) {
                    r.run();
                }
            });
        }

        void finish() {
            done = true;
        }

        /** A tick: counts the time since the last one if the reader was waiting, and judges each full window. */
        @Override
        public void run() {
            if (done) {
                return;
            }
            long now = NanoTime.now();
            if (waiting.get() != null) {
                waitedNanos += NanoTime.elapsed(lastTick, now);
            }
            lastTick = now;
            if (waitedNanos >= windowNanos) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitedNanos));
                long b = bytes;
                if (b - windowBytes < minBytesPerSecond * seconds) {
                    fail();
                    return;
                }
                windowBytes = b;
                waitedNanos = 0;
            }
            scheduler.schedule(this, tickMillis, TimeUnit.MILLISECONDS);
        }

        private void fail() {
            log.debug(
                    "failing stream {} from {}: request body slower than the minimum data rate",
                    getId(),
                    getConnectionMetaData().getRemoteSocketAddress());
            failure = new TimeoutException("request body slower than the minimum data rate");
            Runnable r = waiting.getAndSet(null);
            if (r != null) {
                r.run();
            }
        }
    }
}
