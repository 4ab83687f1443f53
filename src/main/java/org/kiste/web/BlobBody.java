package org.kiste.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.kiste.blob.BlobReader;

/**
 * Sends stored bytes (a whole blob or one range of it) as the body of an answer whose status and headers are already
 * set. On a plain HTTP/1 connection, a body of more than 64 KiB goes from the stored file to the socket by
 * {@code sendfile} ({@link FileSendingEndPoint}). Otherwise a big body is written to the socket from the blob's pages
 * mapped into memory, so the bytes go from the operating system's cache to the connection without a copy through the
 * process; a middle-sized one is read into the container's direct buffers. A small one goes through the servlet
 * stream. A body that fails after the status line went out cuts the connection or the stream.
 */
public final class BlobBody {
    private static final int CHUNK = 64 * 1024;
    /** From this size on, a body is sent from mapped pages. */
    private static final long MAPPED_FROM = 1024 * 1024;
    /** Mapped and written a window at a time: bounded address space per answer, and any size of file. */
    private static final int WINDOW = 64 * 1024 * 1024;

    private static final int BIG_BUFFER = 256 * 1024;

    private BlobBody() {}

    public static void send(HttpServletResponse resp, BlobReader content, long first, long length) throws IOException {
        if (length <= 0) {
            return;
        }
        try {
            body(resp, content, first, length);
        } catch (IOException | RuntimeException | Error e) {
            if (resp.isCommitted()) {
                // the status line is out and the body cannot go on: the connection (HTTP/1.1) or the stream
                // (HTTP/2) is cut, so the client sees the answer end short instead of waiting for bytes that never come
                ServletContextResponse r = ServletContextResponse.getServletContextResponse(resp);
                if (r != null) {
                    r.getServletRequestState().getServletChannel().abort(e);
                }
            }
            throw e;
        }
    }

    private static void body(HttpServletResponse resp, BlobReader content, long first, long length) throws IOException {
        ServletOutputStream out = resp.getOutputStream();
        if (length > CHUNK && out instanceof HttpOutput direct) {
            // by sendfile from above one chunk; from mapped pages from 1 MiB on
            FileSendingEndPoint socket = FileSendingEndPoint.of(resp);
            if ((socket != null || length >= MAPPED_FROM) && mapped(direct, socket, content, first, length)) {
                return;
            }
            // read into the container's direct buffers and written from there: no copies through the heap
            if (length >= MAPPED_FROM) {
                resp.setBufferSize(BIG_BUFFER);
            }
            direct.sendContent(content.channel(first, length));
            return;
        }
        try (InputStream in = content.stream(first, length)) {
            byte[] buf = new byte[(int) Math.min(CHUNK, length)];
            int read;
            while ((read = in.read(buf)) > 0) {
                out.write(buf, 0, read);
            }
        }
    }

    /**
     * False, with nothing sent, when the store has no file to map. On a socket that can send from files (a plain
     * HTTP/1 connection), each window's bytes go from the file to the socket by {@code sendfile}; otherwise the
     * socket is written from the mapped pages.
     */
    private static boolean mapped(
            HttpOutput out, FileSendingEndPoint socket, BlobReader content, long first, long length)
            throws IOException {
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(WINDOW, length - done);
            ByteBuffer window = content.mapped(first + done, n);
            if (window == null) {
                if (done == 0) {
                    return false;
                }
                throw new IOException("the store stopped mapping in the middle of a body");
            }
            if (socket != null) {
                socket.register(window, content, first + done);
            }
            try {
                // blocking: returns once the window is handed to the connection, the last one completes the answer
                out.write(window);
            } finally {
                if (socket != null) {
                    socket.forget(window);
                }
            }
            done += n;
        }
        return true;
    }
}
