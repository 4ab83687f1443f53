package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste throttle}: the password throttles, against the server's database (attaching to a running server). */
@Command(
        name = "throttle",
        mixinStandardHelpOptions = true,
        description = {
            "List and reset the password throttles.",
            "Wrong passwords are counted per client address (IPv6: per /64), per account name (not counting "
                    + "addresses that logged in to the account in the last 30 days), per public link and address, "
                    + "and Login Flow starts per address. Past a number of free attempts, the next one waits, "
                    + "twice as long each time up to a limit; clients are told how long (429, Retry-After). "
                    + "The state lives in the database, so a reset applies to a running server at once."
        },
        subcommands = {ThrottleListCommand.class, ThrottleResetCommand.class})
public final class ThrottleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
