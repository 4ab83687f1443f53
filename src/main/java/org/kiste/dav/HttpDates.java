package org.kiste.dav;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMF-fixdate (RFC 9110 §5.6.7) and ISO 8601 (creationdate) formatting and lenient parsing. */
public final class HttpDates {
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    public static String format(long millis) {
        return IMF.format(Instant.ofEpochMilli(millis));
    }

    public static String iso(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }

    /** Parses an HTTP date; returns -1 when it is not one (a bad date makes a condition be ignored, RFC 9110 §13.1.3). */
    public static long parse(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Instant.from(RFC1123.parse(value.trim())).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
