package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads small XML request bodies with a hard size cap (Milton would buffer any size). */
final class Bodies {
    /** The body exceeds the configured cap: answered 413. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large");
        }
    }

    private Bodies() {
    }

    /** Returns null for an empty body. */
    static InputStream readCapped(HttpServletRequest req, long max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            throw new TooLarge();
        }
        if (declared == 0) {
            return null;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] b = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(b)) >= 0) {
                if (buf.size() + n > max) {
                    throw new TooLarge();
                }
                buf.write(b, 0, n);
            }
        }
        if (buf.size() == 0) {
            return null;
        }
        return new ByteArrayInputStream(buf.toByteArray());
    }
}
