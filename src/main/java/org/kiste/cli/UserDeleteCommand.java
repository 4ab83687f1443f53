package org.kiste.cli;

import java.io.Console;
import org.kiste.Backend;
import org.kiste.auth.UserService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste user delete}: removes the account and everything in its home; there is no undo. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete an account together with its home folder and all its files, the shares and links it made "
                    + "and the shares made with it. This cannot be undone.",
            "Asks to type the user name to confirm, unless --yes is given."
        })
final class UserDeleteCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
    String login;

    @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
    boolean yes;

    @Override
    void prepare() {
        if (!yes && System.console() == null) {
            throw new OperatorError("no terminal to confirm the deletion of '" + login + "': use --yes");
        }
    }

    @Override
    void run(Backend backend) {
        UserService users = backend.users();
        if (users.find(login).isEmpty()) {
            throw new OperatorError("no such user '" + login + "'");
        }
        if (!yes) {
            Console console = System.console();
            String typed =
                    console.readLine("Delete user '%s' and all their files? Type the user name to confirm: ", login);
            if (typed == null || !typed.trim().equals(login)) {
                throw new OperatorError("not confirmed; user '" + login + "' was not deleted");
            }
        }
        users.delete(login);
        out().printf("deleted user '%s' and their home folder%n", login);
    }
}
