package org.kiste.teamfolders;

import org.kiste.model.Refusal;

/** Input the operator must fix (unknown folder, group or user, duplicate name, bad role); the message says what. */
public final class TeamFolderException extends RuntimeException {
    private final Refusal refusal;

    public TeamFolderException(String message) {
        this(Refusal.INVALID, message);
    }

    public TeamFolderException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
