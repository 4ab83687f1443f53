package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;

/**
 * The chunks of a transfer read back to back as one stream, one file open at a time (a transfer may have tens
 * of thousands of chunks). Each chunk must still have the size it was listed with, so a chunk replaced during
 * assembly cannot slip other bytes in.
 */
final class ChunkSequence extends InputStream {
    private final Iterator<Chunk> next;
    private InputStream current;
    private Chunk currentChunk;
    private long readFromCurrent;

    ChunkSequence(List<Chunk> ordered) {
        this.next = ordered.iterator();
    }

    private boolean advance() throws IOException {
        closeCurrent();
        if (!next.hasNext()) {
            return false;
        }
        currentChunk = next.next();
        current = Files.newInputStream(currentChunk.file());
        readFromCurrent = 0;
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
                readFromCurrent += n;
                if (readFromCurrent > currentChunk.size()) {
                    throw new IOException("chunk " + currentChunk.name() + " changed during assembly");
                }
                return n;
            }
            if (n < 0) {
                if (readFromCurrent != currentChunk.size()) {
                    throw new IOException("chunk " + currentChunk.name() + " changed during assembly");
                }
                closeCurrent();
            }
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            InputStream c = current;
            current = null;
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }
}
