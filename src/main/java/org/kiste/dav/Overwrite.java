package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import org.kiste.model.BadRequestException;

/** The {@code Overwrite} header of COPY and MOVE (RFC 4918 §10.6): T or F, absent meaning T. */
public final class Overwrite {
    private Overwrite() {}

    /** @throws BadRequestException (400) for anything but T or F */
    public static boolean allowed(HttpServletRequest req) {
        String ow = req.getHeader("Overwrite");
        if (ow == null || ow.trim().equalsIgnoreCase("T")) {
            return true;
        }
        if (ow.trim().equalsIgnoreCase("F")) {
            return false;
        }
        throw new BadRequestException("Overwrite must be T or F");
    }
}
