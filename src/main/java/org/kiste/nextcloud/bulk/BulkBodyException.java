package org.kiste.nextcloud.bulk;

import java.io.IOException;

/**
 * The body of a bulk upload cannot be read on: malformed multipart, a part whose length is not the one it announced,
 * a limit passed, or the body cut off. The request ends with {@link #status()}; the part being read is not stored.
 */
final class BulkBodyException extends IOException {
    private final int status;

    BulkBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    BulkBodyException(String message, Throwable cause) {
        super(message, cause);
        this.status = 400;
    }

    int status() {
        return status;
    }
}
