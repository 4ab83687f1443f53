package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import org.kiste.auth.UserService;
import org.kiste.model.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste user app-passwords revoke}: deletes one app password; the client using it is logged out. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke one of a user's app passwords (the ID from 'kiste user app-passwords list USER'). "
                + "A running server refuses it within a second.")
final class UserAppPasswordsRevokeCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "Login name.")
    String login;

    @Parameters(index = "1", paramLabel = "ID", description = "App password id, as listed.")
    long id;

    @Override
    void run(Backend backend) {
        Account a = backend.users()
                .find(login)
                .orElseThrow(() -> new UserService.UserException("no such user '" + login + "'"));
        if (!backend.appPasswords().revoke(AuditLog.ADMIN_CLI, a.id(), login, id)) {
            throw new OperatorError("user '" + login + "' has no app password with id " + id
                    + " (see 'kiste user app-passwords list " + login + "')");
        }
        out().printf("revoked app password %d of user '%s'%n", id, login);
    }
}
