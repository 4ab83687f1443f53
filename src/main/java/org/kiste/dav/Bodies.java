package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads small XML request bodies with a hard size cap (Milton would buffer any size). */
public final class Bodies {
    /** The body exceeds the configured cap: answered 413. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large");
        }
    }

    /**
     * The request attribute (a {@link Long}) that bounds what is read and dropped of a body after an answer given
     * without reading it, set by the server from {@code http.discard-kib} for anyone who has not signed in;
     * {@link #DEFAULT_DRAIN_LIMIT} without it.
     */
    public static final String DRAIN_LIMIT_ATTRIBUTE = "org.kiste.drain-limit";

    /**
     * An unread body up to this size is read and dropped before the answer goes out: closing a connection the
     * client is still sending on resets it, and the client never sees the answer (RFC 9112 §9.6). Larger ones
     * are not read: the connection is closed after the answer.
     */
    static final long DEFAULT_DRAIN_LIMIT = 64L << 10;

    /**
     * The bound once the client has signed in to an account: the desktop clients send chunks of several MiB
     * without {@code Expect: 100-continue} and must read the 507 of one over the quota to report it. A signed-in
     * client is known, throttled on its passwords and can be disabled; an anonymous one gets the smaller bound.
     */
    static final long SIGNED_IN_DRAIN_LIMIT = 16L << 20;

    private static long drainLimit(HttpServletRequest req) {
        return req.getAttribute(DRAIN_LIMIT_ATTRIBUTE) instanceof Long l ? l : DEFAULT_DRAIN_LIMIT;
    }

    /** From here on the request is a signed-in client's: its refused bodies are drained up to the larger bound. */
    static void signedIn(HttpServletRequest req) {
        req.setAttribute(DRAIN_LIMIT_ATTRIBUTE, Math.max(drainLimit(req), SIGNED_IN_DRAIN_LIMIT));
    }

    private Bodies() {}

    /** Returns null for an empty body. */
    public static InputStream readCapped(HttpServletRequest req, long max) throws IOException {
        long declared = req.getContentLengthLong();
        long drainLimit = drainLimit(req);
        if (declared > max) {
            // with Expect: 100-continue nothing was sent yet, and the 413 goes out instead of the 100
            if (declared <= drainLimit && !"100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
                drain(req.getInputStream(), drainLimit);
            }
            throw new TooLarge();
        }
        if (declared == 0) {
            return null;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] b = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(b)) >= 0) {
                if (buf.size() + n > max) {
                    drain(in, drainLimit - buf.size() - n);
                    throw new TooLarge();
                }
                buf.write(b, 0, n);
            }
        }
        if (buf.size() == 0) {
            return null;
        }
        return new ByteArrayInputStream(buf.toByteArray());
    }

    /**
     * After an answer given without reading the body (401, 409, 412, 507 …): read and drop what the client is
     * still sending, up to the drain limit, so it receives the answer instead of a reset. A body announced
     * larger than the limit, or held back behind Expect: 100-continue, is not read at all.
     */
    static void drainUnread(HttpServletRequest req) {
        long declared = req.getContentLengthLong();
        long drainLimit = drainLimit(req);
        boolean chunked = "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
        if ((declared <= 0 && !chunked)
                || declared > drainLimit
                || "100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
            return;
        }
        try {
            jakarta.servlet.ServletInputStream in = req.getInputStream();
            if (!in.isFinished()) {
                drain(in, drainLimit);
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the body was taken as a reader: nothing left to protect
        }
    }

    private static void drain(InputStream in, long budget) throws IOException {
        byte[] b = new byte[8192];
        long left = budget;
        int n;
        while (left > 0 && (n = in.read(b, 0, (int) Math.min(b.length, left))) >= 0) {
            left -= n;
        }
    }
}
