package org.kiste.files;

/**
 * Who is acting: an authenticated account. Every files-core call takes one. {@code appPasswordId} is the app
 * password the request was authenticated with, or 0 when it was the account password.
 */
public record Principal(long userId, String login, String displayName, boolean admin, long homeSpaceId,
                        long appPasswordId) {

    public Principal(long userId, String login, String displayName, boolean admin, long homeSpaceId) {
        this(userId, login, displayName, admin, homeSpaceId, 0);
    }

    public boolean byAppPassword() {
        return appPasswordId != 0;
    }

    /** The same account, authenticated by the given app password. */
    public Principal withAppPassword(long id) {
        return new Principal(userId, login, displayName, admin, homeSpaceId, id);
    }
}
