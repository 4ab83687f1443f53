package org.kiste.server;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request Jetty refuses before any door sees it (a path with a NUL byte or an encoded NUL, a
 * malformed request line): a few lines of UTF-8 text whatever the client accepts, with no HTML page, stack trace or
 * server details.
 */
final class BadRequestErrorHandler extends ErrorHandler {
    BadRequestErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
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
        return super.generateAcceptableResponse(
                request, response, callback, "text/plain", List.of(StandardCharsets.UTF_8), code, message, cause);
    }
}
