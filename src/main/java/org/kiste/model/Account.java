package org.kiste.model;

/** A user account as stored. {@code credVersion} changes whenever a password changes or the account is disabled. */
public record Account(
        long id,
        String login,
        String displayName,
        String email,
        String passwordHash,
        boolean admin,
        boolean enabled,
        long quotaBytes,
        long credVersion,
        long homeSpaceId) {

    public Principal principal() {
        return new Principal(id, login, displayName, admin, homeSpaceId);
    }
}
