package org.kiste.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import org.kiste.blob.BlobReader;
import org.kiste.blob.BlobStore;

/**
 * The chunks of a transfer read back to back as one stream, one blob open at a time (a transfer may have tens of
 * thousands of chunks). Each blob must still have the size its chunk was recorded with.
 */
final class ChunkSequence extends InputStream {
    private final BlobStore blobs;
    private final Iterator<Chunk> next;
    private BlobReader reader;
    private InputStream current;

    ChunkSequence(BlobStore blobs, List<Chunk> ordered) {
        this.blobs = blobs;
        this.next = ordered.iterator();
    }

    private boolean advance() throws IOException {
        closeCurrent();
        if (!next.hasNext()) {
            return false;
        }
        Chunk chunk = next.next();
        reader = blobs.open(chunk.blobKey());
        if (reader.size() != chunk.size()) {
            throw new IOException("chunk " + chunk.name() + " holds " + reader.size() + " bytes, not " + chunk.size());
        }
        current = reader.stream(0, chunk.size());
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (current == null && !advance()) {
                return -1;
            }
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
            closeCurrent();
        }
    }

    private void closeCurrent() throws IOException {
        current = null;
        if (reader != null) {
            BlobReader r = reader;
            reader = null;
            r.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }
}
