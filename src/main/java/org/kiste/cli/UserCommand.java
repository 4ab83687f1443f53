package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste user}: account administration against the server's database (attaching to a running server). */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = {
            "Manage user accounts.",
            "Works whether or not the server is running: with the embedded database the command attaches to the "
                    + "running server's MariaDB, otherwise it starts the embedded MariaDB for the duration of the "
                    + "command."
        },
        subcommands = {
            UserAddCommand.class,
            UserPasswdCommand.class,
            UserListCommand.class,
            UserDisableCommand.class,
            UserEnableCommand.class,
            UserDeleteCommand.class,
            UserQuotaCommand.class,
            UserAppPasswordsCommand.class
        })
public final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
