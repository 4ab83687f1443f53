package org.kiste.cli;

import org.kiste.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste user passwd}: sets a new password. */
@Command(
        name = "passwd",
        mixinStandardHelpOptions = true,
        description = {
            "Set a user's password.",
            "The password is asked twice on the terminal, or read as one line from stdin with --password-stdin."
        })
final class UserPasswdCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
    String login;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    private String password;

    @Override
    void prepare() {
        password = PasswordInput.read(login, passwordStdin);
    }

    @Override
    void run(Backend backend) {
        backend.users().setPassword(login, password);
        out().printf("password changed for '%s'%n", login);
    }
}
