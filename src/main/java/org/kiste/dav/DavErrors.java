package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.dav.xml.XmlWriter;
import org.kiste.model.AlreadyExistsException;
import org.kiste.model.BadRequestException;
import org.kiste.model.ConflictException;
import org.kiste.model.FilesException;
import org.kiste.model.ForbiddenException;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.LockedException;
import org.kiste.model.NotFoundException;
import org.kiste.model.PreconditionFailedException;

/** The one place where the core's refusals become WebDAV status codes and a small sabre-style error body. */
public final class DavErrors {
    private DavErrors() {
    }

    public static int status(FilesException e) {
        if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof ForbiddenException) {
            return 403;
        } else if (e instanceof AlreadyExistsException) {
            return 405;
        } else if (e instanceof ConflictException) {
            return 409;
        } else if (e instanceof PreconditionFailedException) {
            return 412;
        } else if (e instanceof InsufficientStorageException) {
            return 507;
        } else if (e instanceof BadRequestException) {
            return 400;
        } else if (e instanceof LockedException) {
            return 423;
        }
        return 500;
    }

    /**
     * The status for an I/O failure while serving a request: 400 when the client's body ended before its announced
     * length (the client hung up or cut the upload; nothing was stored), 500 for anything on the server's side.
     */
    public static int status(Exception ioFailure) {
        for (Throwable t = ioFailure; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) {
                return 400;
            }
        }
        return 500;
    }

    /** The message that goes with {@link #status(Exception)}. */
    public static String message(Exception ioFailure) {
        return status(ioFailure) == 400 ? "the request body ended early" : "I/O error";
    }

    public static void send(HttpServletResponse resp, FilesException e) throws IOException {
        send(resp, status(e), e.getMessage());
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
    public static void sendLocked(HttpServletResponse resp, String davCondition, String lockRootHref) throws IOException {
        write(resp, 423, "", "<d:" + davCondition + "><d:href>" + XmlWriter.escape(lockRootHref, false) + "</d:href></d:"
                + davCondition + ">");
    }

    /** A precondition element and a message, e.g. RFC 4331 §6 {@code quota-not-exceeded} for a 507. */
    public static void sendCondition(HttpServletResponse resp, int status, String davElement, String message)
            throws IOException {
        write(resp, status, SABRE_NS, "<d:" + davElement + "/>" + message(message));
    }

    /** An RFC 4918 §16 precondition element, e.g. {@code propfind-finite-depth}. */
    public static void sendCondition(HttpServletResponse resp, int status, String davElement) throws IOException {
        write(resp, status, "", "<d:" + davElement + "/>");
    }

    private static final String[] ENTITY_HEADERS = {"ETag", "OC-ETag", "Last-Modified", "Content-Range", "Accept-Ranges",
        "OC-FileId", "OC-Checksum", "Content-Disposition", "Content-Length", "Location"};

    private static final String SABRE_NS = " xmlns:s=\"http://sabredav.org/ns\"";

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
