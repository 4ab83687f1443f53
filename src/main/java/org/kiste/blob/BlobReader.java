package org.kiste.blob;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** An open blob: its size, and its bytes as a stream from any offset (for ranges). */
public interface BlobReader extends Closeable {
    long size();

    /** {@code length} bytes from {@code offset}; the stream ends early only if the store fails. */
    InputStream stream(long offset, long length) throws IOException;
}
