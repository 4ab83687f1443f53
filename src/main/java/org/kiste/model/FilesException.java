package org.kiste.model;

/** A request the files core refuses for a reason the client can act on; each door maps subclasses to its status. */
public abstract class FilesException extends RuntimeException {
    protected FilesException(String message) {
        super(message, null, false, false);
    }

    /**
     * The HTTP status of this refusal: each kind of refusal knows its own (as SabreDAV's exceptions do), so that every
     * door answers one refusal alike.
     */
    public abstract int httpStatus();
}
