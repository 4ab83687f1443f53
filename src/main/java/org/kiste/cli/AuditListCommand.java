package org.kiste.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kiste.Backend;
import org.kiste.model.AuditEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code kiste audit list}: newest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {"List audit events, newest first: time (UTC), actor, action, subject, target, details (JSON)."})
final class AuditListCommand extends AdminCommand {
    private static final DateTimeFormatter AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            converter = SinceConverter.class,
            description = "Only events from then on: a date (2026-11-01, UTC midnight), a time "
                    + "(2026-11-01T14:30, UTC, or with an offset), or an age such as 90s, 30m, 2h, 7d.")
    Instant since;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "At most N events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void run(Backend backend) {
        if (limit < 1) {
            throw new OperatorError("--limit must be at least 1");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"AT", "ACTOR", "ACTION", "SUBJECT", "TARGET", "DETAIL"});
        for (AuditEvent e : backend.audit().list(since, limit)) {
            rows.add(new String[] {
                AT.format(e.at()), e.actor(), e.action(), e.subject(), dash(e.target()), dash(e.detail())
            });
        }
        UserListCommand.print(out(), rows);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** A date, a date-time, or an age counted back from now. */
    static final class SinceConverter implements ITypeConverter<Instant> {
        private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

        @Override
        public Instant convert(String value) {
            String v = value.trim();
            Matcher m = AGE.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return Instant.now().minus(d);
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
                throw new TypeConversionException("'" + value + "' is neither a date (2026-11-01), a time "
                        + "(2026-11-01T14:30) nor an age (90s, 30m, 2h, 7d)");
            }
        }
    }
}
