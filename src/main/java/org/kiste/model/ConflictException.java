package org.kiste.model;

/** The operation needs a state the tree is not in (missing parent, file where a folder is needed, move into itself). */
public class ConflictException extends FilesException {
    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
