package org.kiste.groups;

import org.kiste.model.Refusal;

/** Input the operator must fix (unknown group or user, duplicate or invalid name); the message says what. */
public final class GroupException extends RuntimeException {
    private final Refusal refusal;

    public GroupException(String message) {
        this(Refusal.INVALID, message);
    }

    public GroupException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
