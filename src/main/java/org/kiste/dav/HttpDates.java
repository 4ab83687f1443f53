package org.kiste.dav;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMF-fixdate (RFC 9110 §5.6.7) and ISO 8601 (creationdate) formatting and lenient parsing. */
public final class HttpDates {
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpDates() {}

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    /** IMF-fixdate by hand: a listing formats one per entry, and DateTimeFormatter was its top cost. */
    public static String format(long millis) {
        long secs = Math.floorDiv(millis, 1000);
        long days = Math.floorDiv(secs, 86400);
        int secOfDay = (int) (secs - days * 86400);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
        char[] b = new char[29];
        String day = DAYS[d.getDayOfWeek().getValue() - 1];
        b[0] = day.charAt(0);
        b[1] = day.charAt(1);
        b[2] = day.charAt(2);
        b[3] = ',';
        b[4] = ' ';
        two(b, 5, d.getDayOfMonth());
        b[7] = ' ';
        String mon = MONTHS[d.getMonthValue() - 1];
        b[8] = mon.charAt(0);
        b[9] = mon.charAt(1);
        b[10] = mon.charAt(2);
        b[11] = ' ';
        int y = d.getYear();
        if (y < 0 || y > 9999) {
            return IMF.format(Instant.ofEpochMilli(millis));
        }
        two(b, 12, y / 100);
        two(b, 14, y % 100);
        b[16] = ' ';
        two(b, 17, secOfDay / 3600);
        b[19] = ':';
        two(b, 20, secOfDay / 60 % 60);
        b[22] = ':';
        two(b, 23, secOfDay % 60);
        b[25] = ' ';
        b[26] = 'G';
        b[27] = 'M';
        b[28] = 'T';
        return new String(b);
    }

    private static void two(char[] b, int at, int v) {
        b[at] = (char) ('0' + v / 10);
        b[at + 1] = (char) ('0' + v % 10);
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
