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
        int i = off;
        int end = off + len;
        while (i < end) {
            i = ascii(s, i, end);
            if (i < end) {
                put(s.charAt(i++));
            }
        }
    }

    /** Copies ASCII characters from {@code i} until the first other one or {@code end}; returns where it stopped. */
    private int ascii(String s, int i, int end) throws IOException {
        if (high != 0) {
            return i;
        }
        byte[] b = buf;
        int p = pos;
        while (i < end) {
            if (p == b.length) {
                pos = p;
                drain();
                p = 0;
            }
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
            i++;
        }
        pos = p;
        return i;
    }

    /** Writes bytes that are already UTF-8 (a tag prepared once). */
    public void writeUtf8(byte[] bytes) throws IOException {
        if (high != 0) {
            // the waiting high surrogate has no pair: it becomes '?', as in put
            high = 0;
            if (pos == buf.length) {
                drain();
            }
            buf[pos++] = '?';
        }
        if (bytes.length > buf.length - pos) {
            drain();
            if (bytes.length > buf.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** Writes a number in decimal. */
    public void writeDecimal(long v) throws IOException {
        if (v < 0 || high != 0 || buf.length - pos < 20) {
            write(Long.toString(v));
            return;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int p = pos + digits;
        pos = p;
        do {
            buf[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    /**
     * Writes text escaped for XML content or an attribute value in one pass (as {@link XmlWriter#escape} does):
     * {@code & < >} (and {@code "} in an attribute) as entities, CR as a character reference, and characters XML 1.0
     * cannot carry dropped.
     */
    public void writeEscaped(String s, boolean attribute) throws IOException {
        int end = s.length();
        int i = 0;
        while (i < end) {
            if (high == 0) {
                byte[] b = buf;
                int p = pos;
                while (i < end) {
                    if (p == b.length) {
                        pos = p;
                        drain();
                        p = 0;
                    }
                    char c = s.charAt(i);
                    if (c >= 0x80 || PLAIN[c] == 0 || (attribute && c == '"')) {
                        break;
                    }
                    b[p++] = (byte) c;
                    i++;
                }
                pos = p;
                if (i == end) {
                    return;
                }
            }
            char c = s.charAt(i++);
            String rep = XmlWriter.replacement(c, attribute);
            if (rep == null) {
                put(c);
            } else if (!rep.isEmpty()) {
                write(rep);
            }
        }
    }

    /** 1 for an ASCII character written as itself in text (not {@code & < >}, CR or another control character). */
    private static final byte[] PLAIN = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            PLAIN[c] = (byte) (XmlWriter.replacement(c, false) == null ? 1 : 0);
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
