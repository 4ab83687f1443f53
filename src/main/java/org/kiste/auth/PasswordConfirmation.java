package org.kiste.auth;

import java.util.Optional;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Principal;

/**
 * The account password given again to confirm a sensitive change (a new password, a new app password). It is
 * checked like a login ({@link LoginAttempts}: throttled per address and per account, counted when wrong), so that
 * a session or a caller without the password cannot guess it through these routes.
 */
public final class PasswordConfirmation {
    private final LoginAttempts accountLogins;

    /** @param accountLogins the attempts that take account passwords only */
    public PasswordConfirmation(LoginAttempts accountLogins) {
        this.accountLogins = accountLogins;
    }

    /**
     * Checks that {@code password} is the caller's account password.
     *
     * @throws ForbiddenException when it is missing or wrong
     * @throws TooManyAttempts when the address or the account is held back for now (nothing was checked)
     */
    public void confirm(Principal caller, String remoteAddr, String password, String what) {
        if (password == null || password.isEmpty()) {
            throw new ForbiddenException("the account password is needed to " + what);
        }
        Optional<Principal> p = accountLogins.logIn(remoteAddr == null ? "" : remoteAddr, caller.login(), password);
        if (p.isEmpty() || p.get().userId() != caller.userId()) {
            throw new ForbiddenException("the password is wrong");
        }
    }
}
