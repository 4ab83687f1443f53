package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import org.kiste.model.BadRequestException;

/**
 * {@code X-OC-Mtime}: the modification time a Nextcloud client wants for a file it uploads, moves or copies, in
 * Unix seconds (iOS sends fractions). The reply then says {@code X-OC-MTime: accepted}.
 */
public final class OcMtime {
    public static final String REQUEST_HEADER = "X-OC-Mtime";
    public static final String REPLY_HEADER = "X-OC-MTime";

    private OcMtime() {}

    /** Milliseconds, or null when the header is absent; 400 for anything but a number. */
    public static Long millis(HttpServletRequest req) {
        return millis(req.getHeader(REQUEST_HEADER));
    }

    /** Milliseconds of a header value in Unix seconds, or null when absent; 400 for anything but a number. */
    public static Long millis(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(v.trim());
            if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0 || seconds > 253_402_300_799d) {
                throw new BadRequestException("X-OC-Mtime is out of range");
            }
            return (long) (seconds * 1000);
        } catch (NumberFormatException e) {
            throw new BadRequestException("X-OC-Mtime must be Unix seconds");
        }
    }
}
