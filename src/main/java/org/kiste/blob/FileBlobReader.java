package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A blob on disk, read with positioned reads so that ranges need no seeking state. */
final class FileBlobReader implements BlobReader {
    private final FileChannel ch;
    private final long size;

    FileBlobReader(FileChannel ch) throws IOException {
        this.ch = ch;
        this.size = ch.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream stream(long offset, long length) {
        return new InputStream() {
            private long pos = offset;
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), pos);
                if (n < 0) {
                    throw new IOException("blob shorter than its recorded size");
                }
                pos += n;
                left -= n;
                return n;
            }
        };
    }

    @Override
    public ReadableByteChannel channel(long offset, long length) {
        return new ReadableByteChannel() {
            private long pos = offset;
            private long left = length;
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                ByteBuffer part = dst.remaining() > left ? dst.slice().limit((int) left) : dst;
                int n = ch.read(part, pos);
                if (n < 0) {
                    throw new IOException("blob shorter than its recorded size");
                }
                if (part != dst) {
                    dst.position(dst.position() + n);
                }
                pos += n;
                left -= n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    @Override
    public ByteBuffer mapped(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IOException("blob shorter than the range asked for");
        }
        return ch.map(FileChannel.MapMode.READ_ONLY, offset, length);
    }

    @Override
    public long transferTo(long offset, long count, WritableByteChannel target) throws IOException {
        long sent = ch.transferTo(offset, count, target);
        if (sent == 0 && count > 0 && offset >= ch.size()) {
            // a full socket takes 0 and is waited on; a file cut short would give 0 for ever
            throw new IOException("blob shorter than its recorded size");
        }
        return sent;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
