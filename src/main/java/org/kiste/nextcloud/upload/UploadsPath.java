package org.kiste.nextcloud.upload;

import java.util.List;
import org.kiste.dav.Hrefs;

/**
 * A URL under {@code /remote.php/dav/uploads/}: the collection itself, a user's uploads, one transfer, or one
 * chunk of it (null for the parts a shorter URL does not name). Names are percent-decoded, not yet validated.
 */
record UploadsPath(String user, String transfer, String chunk) {
    static final String PREFIX = "/remote.php/dav/uploads";

    enum Level {
        ROOT,
        USER,
        TRANSFER,
        CHUNK
    }

    static boolean owns(String rawPath) {
        return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
    }

    /** Null when the URL is deeper than a chunk (nothing lives there). */
    static UploadsPath parse(String rawPath) {
        List<String> s = Hrefs.decodeSegments(rawPath.substring(PREFIX.length()));
        if (s.size() > 3) {
            return null;
        }
        return new UploadsPath(
                s.size() > 0 ? s.get(0) : null, s.size() > 1 ? s.get(1) : null, s.size() > 2 ? s.get(2) : null);
    }

    Level level() {
        return user == null ? Level.ROOT : transfer == null ? Level.USER : chunk == null ? Level.TRANSFER : Level.CHUNK;
    }

    /** Absolute, percent-encoded href of the user's uploads collection below {@code contextPath}. */
    static String userHref(String contextPath, String user) {
        return contextPath + PREFIX + "/" + Hrefs.encodeSegment(user) + "/";
    }

    static String transferHref(String contextPath, String user, String transfer) {
        return userHref(contextPath, user) + Hrefs.encodeSegment(transfer) + "/";
    }

    static String chunkHref(String contextPath, String user, String transfer, String chunk) {
        return transferHref(contextPath, user, transfer) + Hrefs.encodeSegment(chunk);
    }
}
