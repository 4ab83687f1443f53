package org.kiste.teamfolders;

/** Input the operator must fix (unknown folder, group or user, duplicate name, bad role); the message says what. */
public final class TeamFolderException extends RuntimeException {
    public TeamFolderException(String message) {
        super(message);
    }
}
