package org.kiste.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1.1 connections whose client is too slow, which the idle timeout alone does not (it restarts on each
 * byte): a request head must arrive whole within the header deadline, counted from its first byte (a
 * connection on which nothing arrives is left to the idle timeout), and a body being received (before or after its
 * answer, which bounds a refused request's unread body too) must move at least at the minimum rate, measured over
 * the rate window.
 * Jetty 12 does not enforce {@code HttpConfiguration.setMinRequestDataRate}, and its {@code MinimumDataRateHandler}
 * measures all requests together, so one slow client hides behind the others.
 *
 * <p>On an HTTP/2 connection a request head is a header block (HEADERS and its CONTINUATION frames), read by the
 * connection before its stream exists; the same deadline holds for it and for every other frame, counted from its
 * first byte: {@link H2FrameWatch}. The body rate of HTTP/2 streams is measured per stream ({@link StreamBodyGuard}).
 */
final class SlowClientGuard implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(SlowClientGuard.class);

    private final Scheduler scheduler;
    private final long headerNanos;
    private final long minBytesPerSecond;
    private final long windowNanos;
    private final long tickMillis;

    SlowClientGuard(Scheduler scheduler, Duration headerDeadline, long minBytesPerSecond, Duration rateWindow) {
        this.scheduler = scheduler;
        this.headerNanos = headerDeadline.toNanos();
        this.minBytesPerSecond = minBytesPerSecond;
        this.windowNanos = rateWindow.toNanos();
        this.tickMillis = Math.max(100, Math.min(headerDeadline.toMillis(), rateWindow.toMillis()) / 4);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http).schedule();
        } else if (connection instanceof HTTP2Connection h2) {
            new H2FrameWatch(h2, scheduler, headerNanos, tickMillis).schedule();
        }
    }

    @Override
    public void onClosed(Connection connection) {}

    /** One connection's clock, looked at every tick until the connection closes or becomes HTTP/2. */
    private final class Watch implements Runnable {
        private final HttpConnection http;
        private long awaitedHead = -1; // messages in when the wait for the next head began
        private long waitingSince;
        private long bytesAwaiting = -1;
        private long windowStart;
        private long windowBytes = -1;

        Watch(HttpConnection http) {
            this.http = http;
        }

        void schedule() {
            scheduler.schedule(this, tickMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!http.getEndPoint().isOpen() || http.getEndPoint().getConnection() != http) {
                return; // closed, or upgraded to HTTP/2 (whose streams have their own limits)
            }
            long now = NanoTime.now();
            long in = http.getMessagesIn();
            // a body being read is never a head being awaited, even when as many messages went out as came in: an
            // interim 100 Continue counts as one
            boolean body = http.getParser().inContentState();
            if (in == http.getMessagesOut() && !body) {
                windowBytes = -1;
                long bytes = http.getBytesIn();
                if (awaitedHead != in || bytes == bytesAwaiting) {
                    // a new wait, or nothing of the next head has come yet: a quiet connection is left to the
                    // idle timeout
                    awaitedHead = in;
                    bytesAwaiting = bytes;
                    waitingSince = now;
                } else if (NanoTime.elapsed(waitingSince, now) > headerNanos) {
                    close("no complete request head within the header deadline");
                    return;
                }
            } else {
                awaitedHead = -1;
                if (minBytesPerSecond > 0 && body) {
                    long bytes = http.getBytesIn();
                    if (windowBytes < 0) {
                        windowBytes = bytes;
                        windowStart = now;
                    } else if (NanoTime.elapsed(windowStart, now) >= windowNanos) {
                        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(windowNanos));
                        if (bytes - windowBytes < minBytesPerSecond * seconds) {
                            close("request body slower than the minimum data rate");
                            return;
                        }
                        windowBytes = bytes;
                        windowStart = now;
                    }
                } else {
                    windowBytes = -1;
                }
            }
            schedule();
        }

        private void close(String why) {
            log.debug("closing {}: {}", http.getEndPoint().getRemoteSocketAddress(), why);
            http.getEndPoint().close();
        }
    }
}
