package org.kiste.model;


/** The write would exceed the space's quota or the disk. */
public class InsufficientStorageException extends FilesException {
    public InsufficientStorageException(String message) {
        super(message);
    }
}
