package org.kiste.blob;

import java.io.ByteArrayInputStream;
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
    public InputStream stream(long offset, long length) {
        int from = (int) Math.min(offset, bytes.length);
        return new ByteArrayInputStream(bytes, from, (int) Math.min(length, bytes.length - from));
    }

    @Override
    public void close() {}
}
