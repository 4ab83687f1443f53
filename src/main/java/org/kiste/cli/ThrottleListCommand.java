package org.kiste.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.auth.Throttles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiste throttle list}: one row per throttled key, most recent first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List throttled keys with counted attempts: kind (address, account, link, flow-start), the address "
                    + "or account name (a link as LINK-ID@ADDRESS), attempts counted, the last one (UTC), and "
                    + "until when the next attempt waits (UTC; '-' when it need not wait)."
        })
final class ThrottleListCommand extends AdminCommand {
    private static final String[] HEADER = {"KIND", "ADDRESS/ACCOUNT", "FAILURES", "LAST", "BLOCKED UNTIL"};

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Show at most N rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void run(Backend backend) {
        long now = System.currentTimeMillis();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Throttles.Entry e : backend.throttles().list(Math.max(1, limit))) {
            rows.add(new String[] {
                e.kind(),
                e.subject(),
                Integer.toString(e.failures()),
                time(e.lastMs()),
                e.blockedUntilMs() > now ? time(e.blockedUntilMs()) : "-"
            });
        }
        UserListCommand.print(out(), rows);
    }

    private static String time(long ms) {
        return Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
