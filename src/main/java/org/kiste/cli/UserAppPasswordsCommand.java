package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste user app-passwords}: the app passwords (devices) of one account. */
@Command(
        name = "app-passwords",
        mixinStandardHelpOptions = true,
        description = {
            "List and revoke a user's app passwords.",
            "An app password is what a Nextcloud desktop or mobile client (or anything else using Basic "
                    + "authentication) logs in with instead of the account password; each is named after the "
                    + "client that asked for it. Revoking one logs that client out: a running server refuses it "
                    + "within a second. Changing the account password does not revoke app passwords."
        },
        subcommands = {UserAppPasswordsListCommand.class, UserAppPasswordsRevokeCommand.class})
public final class UserAppPasswordsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
