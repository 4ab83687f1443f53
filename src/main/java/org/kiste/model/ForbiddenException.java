package org.kiste.model;

/** The principal can see the item but may not do this to it. */
public class ForbiddenException extends FilesException {
    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
