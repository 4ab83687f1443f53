package org.kiste.files;

/** The request names something invalid (a bad name, a bad length). */
public class BadRequestException extends FilesException {
    public BadRequestException(String message) {
        super(message);
    }
}
