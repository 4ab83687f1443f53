package org.kiste.cli;

import org.kiste.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste user enable}: lets a disabled account log in again. */
@Command(
        name = "enable",
        mixinStandardHelpOptions = true,
        description = "Enable a disabled account so it can log in again.")
final class UserEnableCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
    String login;

    @Override
    void run(Backend backend) {
        backend.users().setEnabled(login, true);
        out().printf("enabled user '%s'%n", login);
    }
}
