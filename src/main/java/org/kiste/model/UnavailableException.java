package org.kiste.model;

/**
 * The server cannot answer now for a reason on its side (its database is unreachable, say): doors answer 503 and
 * the client may try again. Not a {@link FilesException}: nothing about the request was wrong.
 */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
