package org.kiste.blob;

import java.io.IOException;

/** The body exceeded the bytes the caller allowed (quota); nothing was stored. */
public class TooLargeException extends IOException {
    public TooLargeException(String message) {
        super(message);
    }
}
