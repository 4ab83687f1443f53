package org.kiste.model;

/**
 * Who is acting: an authenticated account, or the visitor of a public link. Every files-core call takes one.
 * {@code appPasswordId} is the app password the request was authenticated with, or 0 when it was the account
 * password. {@code link} is set for a link's visitor only: their whole tree is the linked item (see
 * {@link FilesService#linkVisitor}); such a principal has no account ({@code userId} 0) and no home.
 */
public record Principal(
        long userId,
        String login,
        String displayName,
        boolean admin,
        long homeSpaceId,
        long appPasswordId,
        MountInfo link) {

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
        return new Principal(userId, login, displayName, admin, homeSpaceId, id, link);
    }
}
