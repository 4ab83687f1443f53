package org.kiste.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.thread.Scheduler;
import org.kiste.blob.BlobReader;

/**
 * A plain connection's socket that, for an HTTP/1 answer, sends a window of a stored file with the kernel's
 * {@code sendfile} ({@link java.nio.channels.FileChannel#transferTo}) instead of copying the window's mapped pages
 * into the socket.
 *
 * <p>The answer's writer registers the window (a read-only buffer mapped from the file) and then hands that same
 * buffer to the container as usual. When the container flushes exactly that buffer, the bytes it holds are sent
 * from the file and the buffer's position moves by what the kernel sent, so the container's count of the body, its
 * Content-Length check and its wait for a writable socket are those of an ordinary write. Any other buffer (the
 * headers, a window nobody registered) is written as usual. The bytes on the wire are the same either way: the
 * buffer is the file's pages.
 */
public final class FileSendingEndPoint extends SocketChannelEndPoint {
    private record Window(ByteBuffer pages, BlobReader file, long fileOffsetOfZero) {}

    private volatile Window window;

    public FileSendingEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
    }

    /**
     * The socket an HTTP/1 answer goes out on when it can send from files; null otherwise (TLS, another container,
     * HTTP/2: its frames are cut from the window, and one connection's writer serves every stream, so a stream's
     * file that fails or closes must not fail the others).
     */
    static FileSendingEndPoint of(jakarta.servlet.ServletResponse resp) {
        ServletContextResponse r = ServletContextResponse.getServletContextResponse(resp);
        if (r == null) {
            return null;
        }
        ConnectionMetaData connection = r.getRequest().getConnectionMetaData();
        if (connection.getHttpVersion() != HttpVersion.HTTP_1_1
                && connection.getHttpVersion() != HttpVersion.HTTP_1_0) {
            return null;
        }
        EndPoint socket = connection.getConnection().getEndPoint();
        return socket instanceof FileSendingEndPoint sending ? sending : null;
    }

    /** Until {@link #forget}, a flush of {@code pages} (mapped from {@code file} at {@code offset}) sends from it. */
    void register(ByteBuffer pages, BlobReader file, long offset) {
        window = new Window(pages, file, offset - pages.position());
    }

    void forget(ByteBuffer pages) {
        Window w = window;
        if (w != null && w.pages == pages) {
            window = null;
        }
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        Window w = window;
        int at = w == null ? -1 : indexOf(buffers, w.pages);
        if (at < 0) {
            return super.flush(buffers);
        }
        if (at > 0 && !super.flush(Arrays.copyOfRange(buffers, 0, at))) {
            return false;
        }
        if (!send(w)) {
            return false;
        }
        return at == buffers.length - 1 || super.flush(Arrays.copyOfRange(buffers, at + 1, buffers.length));
    }

    private boolean send(Window w) throws IOException {
        ByteBuffer pages = w.pages;
        if (!pages.hasRemaining()) {
            return true;
        }
        long from = w.fileOffsetOfZero + pages.position();
        long sent;
        try {
            sent = w.file.transferTo(from, pages.remaining(), getChannel());
        } catch (IOException e) {
            // the write fails; the answer's writer then cuts the connection (BlobBody)
            throw new EofException(e);
        }
        if (sent > 0) {
            pages.position(pages.position() + (int) sent);
            notIdle();
        }
        return !pages.hasRemaining();
    }

    private static int indexOf(ByteBuffer[] buffers, ByteBuffer pages) {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] == pages) {
                return i;
            }
        }
        return -1;
    }
}
