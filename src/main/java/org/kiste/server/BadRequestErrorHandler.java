package org.kiste.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request Jetty refuses before any door sees it (a path with a NUL byte or an encoded NUL, a
 * malformed request line or header): the {@link ErrorPage}, never the parser's reason, which may repeat the
 * request's own bytes.
 */
final class BadRequestErrorHandler extends ErrorHandler {
    BadRequestErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
        setDefaultResponseMimeType("text/plain");
    }

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause)
            throws IOException {
        String type = ErrorPage.typeFor(contentType).equals(ErrorPage.HTML) ? "text/html" : "text/plain";
        return super.generateAcceptableResponse(
                request, response, callback, type, List.of(StandardCharsets.UTF_8), code, null, null);
    }

    @Override
    protected void writeErrorHtml(
            Request request, Writer writer, Charset charset, int code, String message, Throwable cause)
            throws IOException {
        writer.write(ErrorPage.html(code));
    }

    @Override
    protected void writeErrorPlain(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(ErrorPage.plain(code));
    }

    /** A request the HTTP parser could not read at all: there is no request to ask what it accepts. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ErrorPage.PLAIN);
        return ByteBuffer.wrap(ErrorPage.bytes(status, ErrorPage.PLAIN));
    }
}
