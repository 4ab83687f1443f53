package org.kiste.model;

/**
 * Who is acting: an authenticated account, or the visitor of a public link. Every files-core call takes one.
 * {@code appPasswordId} is the app password the request was authenticated with, or 0 when it was the account
 * password. {@code link} is set for a link's visitor only: their whole tree is the linked item (see
 * {@link FilesService#linkVisitor}); such a principal has no account ({@code userId} 0) and no home.
 * {@code bySession} is set when the request came with a web page's session cookie instead of a password.
 */
public record Principal(
        long userId,
        String login,
        String displayName,
        boolean admin,
        long homeSpaceId,
        long appPasswordId,
        MountInfo link,
        boolean bySession) {

    public Principal(
            long userId,
            String login,
            String displayName,
            boolean admin,
            long homeSpaceId,
            long appPasswordId,
            MountInfo link) {
        this(userId, login, displayName, admin, homeSpaceId, appPasswordId, link, false);
    }

    public Principal(long userId, String login, String displayName, boolean admin, long homeSpaceId) {
        this(userId, login, displayName, admin, homeSpaceId, 0, null);
    }

    public Principal(
            long userId, String login, String displayName, boolean admin, long homeSpaceId, long appPasswordId) {
        this(userId, login, displayName, admin, homeSpaceId, appPasswordId, null);
    }

    public boolean byAppPassword() {
        return appPasswordId != 0;
    }

    public boolean isLinkVisitor() {
        return link != null;
    }

    /**
     * Who holds the WebDAV locks this principal takes: the user, or for a link's visitors the link, as a negative
     * number that is never a user id. A lock taken through one link cannot be used, refreshed or released through
     * another link or by a user, even with its token.
     */
    public long lockHolder() {
        return link != null ? -link.shareId() : userId;
    }

    /** A visitor of a link to one file: the root of their tree is that file, which a read-write link may replace. */
    public boolean isLinkToFile() {
        return link != null && link.file();
    }

    /** The same account, authenticated by the given app password. */
    public Principal withAppPassword(long id) {
        return new Principal(userId, login, displayName, admin, homeSpaceId, id, link, false);
    }

    /** The same account, known by a web page's session (begun by a login with the account password). */
    public Principal withSession() {
        return new Principal(userId, login, displayName, admin, homeSpaceId, 0, link, true);
    }

    /** True when the principal logged in with the account password in this very request (Basic or a form). */
    public boolean byAccountPassword() {
        return !byAppPassword() && !bySession && link == null;
    }
}
