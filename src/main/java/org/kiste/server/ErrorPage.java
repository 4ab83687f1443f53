package org.kiste.server;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The one error page of the server, for every error no door answered itself (Jetty's own refusals, an exception
 * no servlet caught): the status and its reason phrase, as a small HTML page for a browser and as a line of text
 * otherwise. It never names what failed: no exception, class, message, SQL, path or server version.
 */
final class ErrorPage {
    static final String HTML = "text/html;charset=utf-8";
    static final String PLAIN = "text/plain;charset=utf-8";

    private ErrorPage() {}

    /** The page's type for a content type the client accepts: HTML for a browser, text for anything else. */
    static String typeFor(String accepted) {
        return accepted != null && accepted.toLowerCase(java.util.Locale.ROOT).startsWith("text/html") ? HTML : PLAIN;
    }

    static String html(int status) {
        String title = status + " " + reason(status);
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1></body></html>\n";
    }

    static String plain(int status) {
        return status + " " + reason(status) + "\n";
    }

    static byte[] bytes(int status, String type) {
        return (type.equals(HTML) ? html(status) : plain(status)).getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(int status) {
        String r = HttpStatus.getMessage(status);
        return r == null || r.isBlank() ? "Error" : r;
    }
}
