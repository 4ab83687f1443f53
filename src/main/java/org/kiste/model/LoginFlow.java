package org.kiste.model;

/**
 * A Login Flow v2 as stored: the client that asked, the browser session bound to it, who logged in there (if
 * anyone yet), failed password attempts, and its state ({@code open}, {@code granting}, {@code granted}).
 */
public record LoginFlow(
        long id,
        String clientName,
        byte[] publicKey,
        byte[] sealedPrivateKey,
        long expiresMs,
        byte[] sessionHash,
        Long userId,
        String loginName,
        int failedLogins,
        String state,
        byte[] sealedAppPassword) {

    public static final String OPEN = "open";
    public static final String GRANTING = "granting";
    public static final String GRANTED = "granted";

    public boolean open() {
        return OPEN.equals(state);
    }

    public boolean loggedIn() {
        return userId != null;
    }
}
