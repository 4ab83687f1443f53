package org.kiste.model;

/** Why a service refused an operator's input, so that each door can answer with its own status for it. */
public enum Refusal {
    /** malformed or not allowed: fix the input */
    INVALID(400),
    /** the named user, group, folder or grant does not exist */
    NOT_FOUND(404),
    /** it clashes with what exists (a duplicate name, a name taken) */
    CONFLICT(409);

    public final int httpStatus;

    Refusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }
}
