package org.kiste.server;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;

/** Jetty's own error pages (400s for malformed requests) without stack traces or server details. */
final class PlainErrorHandler extends ErrorHandler {
    PlainErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
        setDefaultResponseMimeType("text/plain");
    }
}
