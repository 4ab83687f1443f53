package org.kiste.blob;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** An open blob: its size, and its bytes as a stream from any offset (for ranges). */
public interface BlobReader extends Closeable {
    long size();

    /** {@code length} bytes from {@code offset}; the stream ends early only if the store fails. */
    InputStream stream(long offset, long length) throws IOException;

    /**
     * The same bytes as {@link #stream} as a channel, which a store on disk can fill straight into the caller's
     * (direct) buffers. Closing it leaves the reader open.
     */
    default ReadableByteChannel channel(long offset, long length) throws IOException {
        return Channels.newChannel(stream(offset, length));
    }

    /**
     * The same bytes mapped into memory, read-only, which a socket can be written from straight out of the
     * operating system's cache; null when the store keeps no file to map. The bytes stay valid while the buffer is
     * reachable, even after the blob is removed.
     */
    default ByteBuffer mapped(long offset, int length) throws IOException {
        return null;
    }

    /**
     * Sends up to {@code count} bytes from {@code offset} straight from the store's file into {@code target}, without
     * a copy through the process (the kernel's {@code sendfile} for a socket). Returns how many were sent: 0 when a
     * non-blocking target takes nothing now. Only a reader whose {@link #mapped} gives a buffer can send.
     */
    default long transferTo(long offset, long count, WritableByteChannel target) throws IOException {
        throw new IOException("this store keeps no file to send from");
    }
}
