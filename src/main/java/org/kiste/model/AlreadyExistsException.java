package org.kiste.model;

/** The target exists and the operation may not replace it. */
public class AlreadyExistsException extends FilesException {
    public AlreadyExistsException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 405;
    }
}
