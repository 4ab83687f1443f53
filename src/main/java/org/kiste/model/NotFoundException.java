package org.kiste.model;

/** The item does not exist, or the principal may not know that it does. */
public class NotFoundException extends FilesException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
