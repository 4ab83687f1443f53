package org.kiste.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Content held in memory (a blob kept in its row): read from any offset, as a file would be. */
public final class BytesReader implements BlobReader {
    private final byte[] bytes;

    public BytesReader(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream stream(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > bytes.length || length > bytes.length - offset) {
            throw new IOException(
                    "bytes " + offset + "+" + length + " lie outside the content's " + bytes.length + " bytes");
        }
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }

    @Override
    public void close() {}
}
