package org.kiste.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.kiste.model.Account;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Principal;
import org.kiste.model.Refusal;
import org.kiste.store.UserRepository;

/**
 * The rules for an administrator's lasting changes to accounts through the API (create, disable, delete): the
 * administrator logged in with the account password (a stolen app password must not gain lasting control), does
 * not disable or delete their own account, and never disables or deletes the last enabled administrator.
 */
final class AdminActions {
    private AdminActions() {}

    /** Refuses a caller that is no administrator or logged in with an app password or as a link's visitor. */
    static void requireAccountLogin(Principal actor) {
        if (!actor.admin() || actor.isLinkVisitor()) {
            throw new ForbiddenException("only an administrator may do this");
        }
        if (actor.byAppPassword()) {
            throw new ForbiddenException("this needs a login with the account password, not an app password");
        }
    }

    /** Refuses a change of the actor's own account. */
    static void notSelf(Principal actor, String login, String what) {
        if (actor.login().equals(login)) {
            throw new UserService.UserException("you cannot " + what + " your own account");
        }
    }

    /**
     * Locks the enabled administrators' rows and then the target's; refuses when the target is the last enabled
     * administrator. Returns the locked target row.
     */
    static Account lockKeepingAnAdmin(Connection c, UserRepository users, String login, String what)
            throws SQLException {
        List<Long> admins = users.lockEnabledAdmins(c);
        Account target = users.byLoginForUpdate(c, login);
        if (target == null) {
            throw new UserService.UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
        if (admins.size() == 1 && admins.get(0) == target.id()) {
            throw new UserService.UserException(
                    Refusal.CONFLICT, "'" + login + "' is the last enabled administrator and cannot be " + what);
        }
        return target;
    }
}
