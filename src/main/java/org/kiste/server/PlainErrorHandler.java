package org.kiste.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors inside the servlet context that no door answered (a servlet's {@code sendError}, an exception it did not
 * catch, a 404 or 405 of Jetty's): the {@link ErrorPage}, whatever the exception or message says.
 */
final class PlainErrorHandler extends ErrorHandler {
    PlainErrorHandler() {
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
}
