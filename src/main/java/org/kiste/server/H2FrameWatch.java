package org.kiste.server;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.parser.Parser;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header deadline of {@link SlowClientGuard} on one HTTP/2 connection: a frame, and a header block with its
 * CONTINUATION frames as a whole, must arrive within the deadline of its first byte. The connection's parser keeps
 * the time the frame (or header block) in progress began, and starts a new time with the first byte of the next
 * one; so when bytes keep coming while that time stays and is older than the deadline, a client is trickling one
 * frame or one request head, and the connection is closed. A connection on which nothing arrives is left to the idle
 * timeout. The bytes are counted as they are read and the time is taken when they are parsed a moment later, so a
 * connection is closed only when bytes came on two ticks with the same time (a frame that ended late, followed by
 * quiet, is left alone).
 */
final class H2FrameWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(H2FrameWatch.class);

    private final HTTP2Connection h2;
    private final Scheduler scheduler;
    private final long deadlineNanos;
    private final long tickMillis;
    private long begun;
    private long bytes = -1;
    private boolean suspect;

    H2FrameWatch(HTTP2Connection h2, Scheduler scheduler, long deadlineNanos, long tickMillis) {
        this.h2 = h2;
        this.scheduler = scheduler;
        this.deadlineNanos = deadlineNanos;
        this.tickMillis = tickMillis;
    }

    void schedule() {
        scheduler.schedule(this, tickMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        if (!h2.getEndPoint().isOpen() || h2.getEndPoint().getConnection() != h2) {
            return;
        }
        Parser parser = h2.getSession().getParser();
        long b = parser.getBeginNanoTime();
        long in = h2.getBytesIn();
        if (bytes < 0 || b != begun) {
            begun = b;
            suspect = false;
        } else if (in != bytes && NanoTime.elapsed(b, NanoTime.now()) > deadlineNanos) {
            if (suspect) {
                log.debug(
                        "closing {}: no complete HTTP/2 frame or request head within the header deadline",
                        h2.getEndPoint().getRemoteSocketAddress());
                h2.getEndPoint().close();
                return;
            }
            suspect = true;
        }
        bytes = in;
        schedule();
    }
}
