package org.kiste.dav.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A writer that encodes UTF-8 straight into its own byte buffer and hands full buffers to a stream: the one buffer
 * a streamed XML answer needs, where {@code BufferedWriter} over {@code OutputStreamWriter} keeps two and takes a
 * lock and a charset encoder on every one of its many small writes. Not thread-safe: one answer, one thread. A
 * surrogate pair split across two writes is joined; a lone surrogate becomes {@code ?}, as the JDK's encoder
 * replaces it.
 */
public final class Utf8Writer extends Writer {
    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    /** A high surrogate whose low half has not come yet, or 0. */
    private char high;

    public Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(16, bufferSize)];
    }

    @Override
    public void write(int c) throws IOException {
        put((char) c);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        for (int i = off, end = off + len; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && high == 0) {
                if (pos == buf.length) {
                    drain();
                }
                buf[pos++] = (byte) c;
            } else {
                put(c);
            }
        }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off, end = off + len; i < end; i++) {
            put(cbuf[i]);
        }
    }

    private void put(char c) throws IOException {
        if (buf.length - pos < 4) {
            drain();
        }
        if (high != 0) {
            char h = high;
            high = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(h, c);
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
                return;
            }
            buf[pos++] = '?';
            put(c);
            return;
        }
        if (c < 0x80) {
            buf[pos++] = (byte) c;
        } else if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | (c >> 6));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            high = c;
        } else if (Character.isLowSurrogate(c)) {
            buf[pos++] = '?';
        } else {
            buf[pos++] = (byte) (0xE0 | (c >> 12));
            buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    /** Writes what is buffered; a high surrogate still waiting for its pair stays. */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (high != 0) {
            high = 0;
            if (pos == buf.length) {
                drain();
            }
            buf[pos++] = '?';
        }
        flush();
        out.close();
    }
}
