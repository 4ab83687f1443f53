package org.kiste.cli;

import org.kiste.Backend;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiste throttle reset}: forgets the counted attempts of an address, an account, a link, or all. */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Forget counted attempts, so the next attempt need not wait: of one client address (its address, "
                    + "link and Login Flow keys; an IPv6 address stands for its /64), of one account name, of one public link "
                    + "(its share id, as 'kiste throttle list' shows it: all addresses' keys), or all.",
            "A running server applies the reset with its next request."
        })
final class ThrottleResetCommand extends AdminCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--address", paramLabel = "ADDRESS", description = "Client address, e.g. 203.0.113.7.")
        String address;

        @Option(names = "--user", paramLabel = "NAME", description = "Account name as clients send it.")
        String user;

        @Option(names = "--link", paramLabel = "ID", description = "Public link by its share id.")
        Long link;

        @Option(names = "--all", description = "Every throttle.")
        boolean all;
    }

    @Override
    void run(Backend backend) {
        int n;
        String what;
        if (target.address != null) {
            n = backend.throttles().resetAddress(target.address);
            what = "address " + target.address;
        } else if (target.user != null) {
            n = backend.throttles().resetAccount(target.user);
            what = "account '" + target.user + "'";
        } else if (target.link != null) {
            n = backend.throttles().resetLink(target.link);
            what = "link #" + target.link;
        } else {
            n = backend.throttles().resetAll();
            what = "all";
        }
        out().printf("reset %d throttle%s (%s)%n", n, n == 1 ? "" : "s", what);
    }
}
