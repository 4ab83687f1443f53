package org.kiste.blob;

import java.io.IOException;

/** The body did not have the announced length (a truncated or overlong upload); nothing was stored. */
public class LengthMismatchException extends IOException {
    public LengthMismatchException(String message) {
        super(message);
    }
}
