package org.kiste.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.audit.AuditTimes;
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
            names = "--until",
            paramLabel = "WHEN",
            converter = SinceConverter.class,
            description = "Only events before then, written as for --since.")
    Instant until;

    @Option(
            names = "--actor",
            paramLabel = "ACTOR",
            description = "Only events of this actor: a login, or admin-cli for the command line.")
    String actor;

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
        for (AuditEvent e : backend.audit().list(since, until, actor, limit)) {
            rows.add(new String[] {
                AT.format(e.at()), e.actor(), e.action(), e.subject(), dash(e.target()), dash(e.detail())
            });
        }
        UserListCommand.print(out(), rows);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** A date, a date-time, or an age counted back from now ({@link AuditTimes}). */
    static final class SinceConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return AuditTimes.parse(value, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
