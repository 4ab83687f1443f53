package org.kiste.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.kiste.dav.Bodies;

/**
 * An HTTP/1.1 answer given before its request's body was read (a 401, 403, 413 or 507 decided on the head) says
 * {@code Connection: close}, so the client knows to send its retry on a new connection. What is read of such a
 * body is bounded by {@code http.discard-kib}: the doors read and drop a body up to that size before they answer
 * (so a client still sending sees its answer rather than a reset; the bound reaches them as the request attribute
 * {@link Bodies#DRAIN_LIMIT_ATTRIBUTE}, which the WebDAV door raises for a signed-in client), and after the answer
 * Jetty reads what has already arrived, at most {@code HttpConfiguration.maxUnconsumedRequestContentReads} buffers
 * (set from the same bound), and closes.
 */
final class UnreadBodyClose extends Handler.Wrapper {
    private final Long drainLimit;

    UnreadBodyClose(Handler next, long drainLimit) {
        super(next);
        this.drainLimit = drainLimit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        request.setAttribute(Bodies.DRAIN_LIMIT_ATTRIBUTE, drainLimit);
        boolean body = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (body && request.getConnectionMetaData().getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()) {
            request.addHttpStreamWrapper(Watched::new); // HTTP/2 resets the stream of an unread body instead
        }
        return super.handle(request, response, callback);
    }

    /** The exchange's stream, which knows whether its body was read to the end when the answer starts. */
    private static final class Watched extends HttpStream.Wrapper {
        private volatile boolean bodyRead;

        Watched(HttpStream stream) {
            super(stream);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null && chunk.isLast()) {
                bodyRead = true;
            }
            return chunk;
        }

        @Override
        public void prepareResponse(HttpFields.Mutable headers) {
            if (!bodyRead) {
                headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            super.prepareResponse(headers);
        }
    }
}
