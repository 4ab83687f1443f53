package org.kiste.model;

/**
 * The server cannot answer now for a reason on its side (its database is unreachable, say): doors answer 503 and
 * the client may try again. Not a {@link FilesException}: nothing about the request was wrong.
 */
public class UnavailableException extends RuntimeException {
    /** What the doors send as {@code Retry-After} with their 503. */
    public static final String RETRY_AFTER_SECONDS = "10";

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
