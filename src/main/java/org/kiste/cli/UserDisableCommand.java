package org.kiste.cli;

import org.kiste.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste user disable}: refuses logins; files, shares and settings stay. */
@Command(
        name = "disable",
        mixinStandardHelpOptions = true,
        description = "Disable an account: its logins are refused, its files are kept. Undo with 'kiste user enable'.")
final class UserDisableCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
    String login;

    @Override
    void run(Backend backend) {
        backend.users().setEnabled(login, false);
        out().printf("disabled user '%s'%n", login);
    }
}
