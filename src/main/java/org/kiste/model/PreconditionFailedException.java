package org.kiste.model;

/** A client-supplied condition (If-Match, If-None-Match, Overwrite: F, …) does not hold. */
public class PreconditionFailedException extends FilesException {
    public PreconditionFailedException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 412;
    }
}
