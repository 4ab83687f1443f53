package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongFunction;
import org.kiste.blob.BlobMissingException;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.dav.xml.XmlWriter;
import org.kiste.model.FilesException;
import org.kiste.model.FiniteDepthException;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.LockConflictException;
import org.kiste.model.LockedException;
import org.kiste.model.MethodNotAllowedException;
import org.kiste.model.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become WebDAV answers, for every WebDAV door (files, uploads, trash bin, public
 * links): a refusal of the core with the status it carries and the RFC 4918 error body where one exists
 * ({@code lock-token-submitted}, {@code no-conflicting-lock}, {@code propfind-finite-depth}, RFC 4331
 * {@code quota-not-exceeded}), otherwise a small SabreDAV-style body with a message. Nothing is written once the
 * answer has started.
 */
public final class DavErrors {
    private static final Logger log = LoggerFactory.getLogger(DavErrors.class);
    private static final String SABRE_NS = " xmlns:s=\"http://sabredav.org/ns\"";
    private static final String[] ENTITY_HEADERS = {
        "ETag",
        "OC-ETag",
        "Last-Modified",
        "Content-Range",
        "Accept-Ranges",
        "OC-FileId",
        "OC-Checksum",
        "Content-Disposition",
        "Content-Length",
        "Location"
    };

    private DavErrors() {}

    /**
     * Answers a failure of a WebDAV request.
     *
     * @param lockHref the href of the node a lock is rooted at (for a 423's body)
     */
    public static void answer(
            HttpServletResponse resp, String method, String uri, Throwable failure, LongFunction<String> lockHref) {
        try {
            if (failure instanceof LockedException e) {
                String href = "";
                try {
                    href = lockHref.apply(e.lockRootNodeId());
                } catch (RuntimeException ignored) {
                    // the lock's node is gone meanwhile: the condition without its href
                }
                sendLocked(
                        resp,
                        e instanceof LockConflictException ? "no-conflicting-lock" : "lock-token-submitted",
                        href);
            } else if (failure instanceof InsufficientStorageException e) {
                sendCondition(resp, 507, e.byQuota() ? "quota-not-exceeded" : "sufficient-disk-space", e.getMessage());
            } else if (failure instanceof FiniteDepthException e) {
                sendCondition(resp, 403, "propfind-finite-depth", e.getMessage());
            } else if (failure instanceof MethodNotAllowedException e) {
                resp.setHeader("Allow", e.allow());
                send(resp, 405, e.getMessage());
            } else if (failure instanceof FilesException e) {
                send(resp, e.httpStatus(), e.getMessage());
            } else if (failure instanceof XmlBodyException e) {
                send(resp, 400, e.getMessage());
            } else if (failure instanceof Bodies.TooLarge e) {
                send(resp, 413, e.getMessage());
            } else if (failure instanceof DavRouter.DestinationElsewhereException e) {
                send(resp, 502, e.getMessage());
            } else if (failure instanceof UnavailableException) {
                log.error("database failure on {} {}: {}", method, uri, failure.toString());
                resp.setHeader("Retry-After", UnavailableException.RETRY_AFTER_SECONDS);
                send(resp, 503, "storage temporarily unavailable");
            } else if (failure instanceof BlobMissingException) {
                log.error("content missing on {} {}", method, uri, failure);
                send(resp, 500, "the content cannot be read");
            } else if (failure instanceof IOException || failure instanceof UncheckedIOException) {
                log.debug("I/O error on {} {}: {}", method, uri, failure.toString());
                if (causedBy(failure, java.util.concurrent.TimeoutException.class)) {
                    // the body came slower than the server's minimum body rate, or not at all
                    send(resp, 408, "the request body came too slowly");
                } else {
                    boolean cut = causedBy(failure, EOFException.class);
                    send(resp, cut ? 400 : 500, cut ? "the request body ended early" : "I/O error");
                }
            } else {
                log.error("failure on {} {}", method, uri, failure);
                send(resp, 500, "internal error");
            }
        } catch (IOException | RuntimeException ignored) {
            // the client is gone
        }
    }

    private static boolean causedBy(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    public static void send(HttpServletResponse resp, int status, String message) throws IOException {
        if (status == 304) {
            if (!resp.isCommitted()) {
                resp.resetBuffer();
                resp.setStatus(304); // no body, RFC 9110 §15.4.5
            }
            return;
        }
        write(resp, status, SABRE_NS, message(message));
    }

    /**
     * 423 with the root of the lock that was in the way, inside the RFC 4918 §16 condition: {@code
     * lock-token-submitted} for a write without the token, {@code no-conflicting-lock} for a LOCK.
     */
    static void sendLocked(HttpServletResponse resp, String davCondition, String lockRootHref) throws IOException {
        write(
                resp,
                423,
                "",
                "<d:" + davCondition + "><d:href>" + XmlWriter.escape(lockRootHref, false) + "</d:href></d:"
                        + davCondition + ">");
    }

    /** A precondition element and a message, e.g. RFC 4331 §6 {@code quota-not-exceeded} for a 507. */
    static void sendCondition(HttpServletResponse resp, int status, String davElement, String message)
            throws IOException {
        write(resp, status, SABRE_NS, "<d:" + davElement + "/>" + message(message));
    }

    /** An RFC 4918 §16 precondition element, e.g. {@code propfind-finite-depth}. */
    public static void sendCondition(HttpServletResponse resp, int status, String davElement) throws IOException {
        write(resp, status, "", "<d:" + davElement + "/>");
    }

    private static String message(String message) {
        return "<s:message>" + XmlWriter.escape(message == null ? "" : message, false) + "</s:message>";
    }

    /** The one writer of error bodies: nothing once the answer has started, else a fresh {@code DAV:error}. */
    private static void write(HttpServletResponse resp, int status, String extraNs, String content) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        // what describes the content of a success may not go out with an error (the challenge, Allow or
        // Retry-After a caller set for this error stay)
        for (String h : ENTITY_HEADERS) {
            if (status != 416 || !h.equals("Content-Range")) {
                resp.setHeader(h, null);
            }
        }
        resp.setStatus(status);
        resp.setContentType("application/xml; charset=utf-8");
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\"" + extraNs + ">" + content
                + "</d:error>\n";
        resp.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
