package org.kiste.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bounds of an audit query as people write them: a date, a date-time, or an age counted back from now. */
public final class AuditTimes {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    private AuditTimes() {}

    /**
     * {@code 2026-11-01} (UTC midnight), {@code 2026-11-01T14:30} (UTC, or with an offset), or an age such as
     * {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}.
     *
     * @throws IllegalArgumentException for anything else, with a message that says what is accepted
     */
    public static Instant parse(String value, Clock clock) {
        String v = value == null ? "" : value.trim();
        Matcher m = AGE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a plain date
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // no offset
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is neither a date (2026-11-01), a time "
                    + "(2026-11-01T14:30) nor an age (90s, 30m, 2h, 7d)");
        }
    }
}
