package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.config.Sizes;
import org.kiste.model.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste user add}: creates an account and its home folder. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Create a user account and its home folder.",
            "The password is asked twice on the terminal, or read as one line from stdin with --password-stdin."
        })
final class UserAddCommand extends AdminCommand {
    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "Login name: 1-64 letters, digits, '.', '_', '-' or '@'.")
    String login;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    @Option(names = "--admin", description = "Give the account administrator rights.")
    boolean admin;

    @Option(names = "--display-name", paramLabel = "TEXT", description = "Name shown to other users (default: NAME).")
    String displayName;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "E-mail address.")
    String email;

    @Option(
            names = "--quota",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            defaultValue = "none",
            description = "Storage quota of the home folder, e.g. 500M, 10G, 1T, or none (default: ${DEFAULT-VALUE}).")
    long quota;

    private String password;

    @Override
    void prepare() {
        password = PasswordInput.read(login, passwordStdin);
    }

    @Override
    void run(Backend backend) {
        Account a = backend.users().add(login, password, admin, displayName, email, quota);
        out().printf(
                        "created user '%s'%s, quota %s%n",
                        a.login(), a.admin() ? " (admin)" : "", Sizes.format(a.quotaBytes()));
    }
}
