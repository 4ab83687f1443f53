package org.kiste.nextcloud.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * The parts of a {@code multipart/related} body, one after the other, read as the body streams in: Jetty's
 * multipart parser finds the boundaries and headers, and this class turns its events into a pull API (the next part
 * and its headers, then the part's content as an {@link InputStream}). Only the bytes of one read of the request body
 * are held at a time; a part's content is never collected in memory.
 *
 * <p>Each part must announce its length ({@code Content-Length}), and its content must have exactly that length: the
 * last byte of a part is handed out only once the parser has seen the part end there, so a consumer that stores
 * what it reads never completes a part that is longer or shorter than announced. Any violation, a malformed body,
 * or a limit passed ends the whole body with a {@link BulkBodyException}.
 */
final class BulkParts {
    private static final int READ_BYTES = 64 * 1024;
    private static final Object PART_END = new Object();
    private static final Object COMPLETE = new Object();

    private final InputStream raw;
    private final BulkLimits limits;
    private final MultiPart.Parser parser;
    /** Parser events not yet taken: part headers, content buffers, part ends, the end, a failure. */
    private final ArrayDeque<Object> events = new ArrayDeque<>();

    private HttpFields.Mutable collecting;
    private long bodyBytes;
    private boolean rawDone;
    private boolean complete;
    private int parts;
    private Part current;
    private BulkBodyException failure;

    BulkParts(InputStream raw, String boundary, BulkLimits limits) {
        this.raw = raw;
        this.limits = limits;
        this.parser = new MultiPart.Parser(boundary, new Events());
        parser.setPartHeadersMaxLength(limits.maxPartHeaderBytes());
        parser.setMaxParts(limits.maxParts() + 1L); // the count below answers first, with its own message
    }

    /** The next part, its headers read and its content not yet; null after the last one. */
    Part next() throws BulkBodyException {
        if (current != null) {
            current.finish();
            current = null;
        }
        if (complete) {
            return null;
        }
        Object e = take();
        if (e == COMPLETE) {
            complete = true;
            drainEpilogue();
            return null;
        }
        if (!(e instanceof HttpFields headers)) {
            throw fail(400, "malformed multipart body");
        }
        if (++parts > limits.maxParts()) {
            throw fail(400, "more than " + limits.maxParts() + " parts in one bulk upload");
        }
        current = new Part(headers);
        return current;
    }

    /** The failure that ended the body, or null while it can be read on. */
    BulkBodyException failure() {
        return failure;
    }

    private Object take() throws BulkBodyException {
        if (failure != null) {
            throw failure;
        }
        while (events.isEmpty()) {
            fill();
        }
        Object e = events.poll();
        if (e instanceof Throwable t) {
            throw fail(400, "malformed multipart body: " + t.getMessage());
        }
        return e;
    }

    /** Reads the next bytes of the body into a fresh buffer (content buffers handed out still point into the last). */
    private void fill() throws BulkBodyException {
        if (rawDone) {
            throw fail(400, "the body ended before its closing boundary");
        }
        byte[] b = new byte[READ_BYTES];
        int n;
        try {
            n = raw.read(b);
        } catch (IOException e) {
            failure = new BulkBodyException("the request body could not be read: " + e.getMessage(), e);
            throw failure;
        }
        if (n < 0) {
            rawDone = true;
            parser.parse(Content.Chunk.from(ByteBuffer.allocate(0), true));
            return;
        }
        bodyBytes += n;
        if (bodyBytes > limits.maxBytes()) {
            throw fail(413, "a bulk upload may hold at most " + limits.maxBytes() + " bytes");
        }
        parser.parse(Content.Chunk.from(ByteBuffer.wrap(b, 0, n), false));
    }

    /**
     * Reads what follows the closing boundary (the CRLF clients end with), so the body is read to its end: a
     * connection whose request body was left unread is closed after the answer, and a client that sends its next
     * request on it fails (the desktop client then reports the whole next bulk upload as a network error).
     */
    private void drainEpilogue() throws BulkBodyException {
        byte[] b = new byte[1024];
        try {
            int n;
            while (!rawDone && (n = raw.read(b)) >= 0) {
                bodyBytes += n;
                if (bodyBytes > limits.maxBytes()) {
                    throw fail(413, "a bulk upload may hold at most " + limits.maxBytes() + " bytes");
                }
            }
        } catch (IOException e) {
            if (e instanceof BulkBodyException b413) {
                throw b413;
            }
            failure = new BulkBodyException("the request body could not be read: " + e.getMessage(), e);
            throw failure;
        }
        rawDone = true;
    }

    private BulkBodyException fail(int status, String message) {
        failure = new BulkBodyException(status, message);
        return failure;
    }

    /** One part: its headers, and its content read once through {@link #body}. */
    final class Part {
        private final HttpFields headers;
        private long declared = -1;
        private ByteBuffer buffer;
        private long received;
        private long delivered;
        private boolean ended;

        private Part(HttpFields headers) {
            this.headers = headers;
        }

        HttpFields headers() {
            return headers;
        }

        /** The content, which must be exactly {@code length} bytes long. */
        InputStream body(long length) {
            declared = length;
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return Part.this.read(b, off, len);
                }
            };
        }

        /** Confirms the part ends here without content: an empty file is stored without reading its body. */
        void requireEmpty() throws BulkBodyException {
            declared = 0;
            while (!ended) {
                pull();
            }
        }

        private int read(byte[] b, int off, int len) throws BulkBodyException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (buffer != null && buffer.hasRemaining()) {
                    int n = Math.min(len, buffer.remaining());
                    if (delivered + n == declared) {
                        // the last byte goes out only once the part is known to end right after it
                        while (!ended) {
                            pull();
                        }
                    }
                    buffer.get(b, off, n);
                    delivered += n;
                    return n;
                }
                if (ended) {
                    if (delivered != declared) {
                        throw fail(400, "a part ended after " + delivered + " of its announced " + declared + " bytes");
                    }
                    return -1;
                }
                pull();
            }
        }

        /** Takes the next event of this part; its content may not run past the announced length. */
        private void pull() throws BulkBodyException {
            if (failure != null) {
                throw failure;
            }
            Object e = take();
            if (e == PART_END) {
                ended = true;
            } else if (e instanceof ByteBuffer content) {
                received += content.remaining();
                if (received > declared) {
                    throw fail(400, "a part is longer than its announced " + declared + " bytes");
                }
                buffer = content;
            } else {
                throw fail(400, "malformed multipart body");
            }
        }

        /** Skips what is left of the part, checking its length all the same. */
        private void finish() throws BulkBodyException {
            if (declared < 0) {
                declared = Long.MAX_VALUE; // never given to a consumer: only its framing matters
            }
            while (!ended) {
                buffer = null;
                pull();
            }
            if (declared != Long.MAX_VALUE && received != declared) {
                throw fail(400, "a part ended after " + received + " of its announced " + declared + " bytes");
            }
        }
    }

    /** Queues the parser's events; the parser swallows what a listener throws, so nothing here throws. */
    private final class Events implements MultiPart.Parser.Listener {
        @Override
        public void onPartBegin() {
            collecting = HttpFields.build();
        }

        @Override
        public void onPartHeader(String name, String value) {
            collecting.add(name, value);
        }

        @Override
        public void onPartHeaders() {
            events.add(collecting.asImmutable());
            collecting = null;
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            // the chunks are views of this class's own heap buffers, never pooled, and share the reference count of
            // the chunk being parsed: they are not released (that would release the chunk the parser still reads)
            ByteBuffer content = chunk.getByteBuffer();
            if (content != null && content.hasRemaining()) {
                events.add(content);
            }
        }

        @Override
        public void onPartEnd() {
            events.add(PART_END);
        }

        @Override
        public void onComplete() {
            events.add(COMPLETE);
        }

        @Override
        public void onFailure(Throwable failure) {
            events.add(failure);
        }
    }
}
