package org.kiste.model;

/** A request the files core refuses for a reason the client can act on; each door maps subclasses to its status. */
public abstract class FilesException extends RuntimeException {
    protected FilesException(String message) {
        super(message, null, false, false);
    }
}
