package org.kiste.groups;

/** Input the operator must fix (unknown group or user, duplicate or invalid name); the message says what. */
public final class GroupException extends RuntimeException {
    public GroupException(String message) {
        super(message);
    }
}
