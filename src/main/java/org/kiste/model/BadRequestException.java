package org.kiste.model;

/** The request names something invalid (a bad name, a bad length). */
public class BadRequestException extends FilesException {
    public BadRequestException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
