package org.kiste.nextcloud.bulk;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * To whom the capabilities offer bulk upload ({@code dav.bulkupload}); the endpoint answers whatever they say, as
 * Nextcloud's does. Nextcloud desktop clients before 3.9 cannot send an empty file in a bulk upload (the client
 * fails the whole request before sending it, nextcloud/desktop#5871) and send it there again on every sync, so an
 * empty file never syncs: {@code safe}, the default, offers bulk upload to every client but those.
 */
public enum BulkOffer {
    ALL,
    SAFE,
    NONE;

    /** The desktop client's User-Agent: {@code Mozilla/5.0 (Linux) mirall/3.7.3git (Nextcloud, debian-…)}. */
    private static final Pattern DESKTOP = Pattern.compile("mirall/(\\d+)\\.(\\d+)");

    /** The setting's value ({@code bulk.offer}: all, safe or none). */
    public static BulkOffer parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bulk.offer must be all, safe or none, got '" + value + "'");
        }
    }

    /** Whether a client with this User-Agent (may be null) is offered bulk upload. */
    public boolean offeredTo(String userAgent) {
        return switch (this) {
            case ALL -> true;
            case NONE -> false;
            case SAFE -> !olderDesktop(userAgent);
        };
    }

    private static boolean olderDesktop(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        Matcher m = DESKTOP.matcher(userAgent);
        if (!m.find()) {
            return false;
        }
        try {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            return major < 3 || (major == 3 && minor < 9);
        } catch (NumberFormatException e) {
            return false; // digits beyond an int: not an old client
        }
    }
}
