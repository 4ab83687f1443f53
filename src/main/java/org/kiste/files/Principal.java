package org.kiste.files;

/** Who is acting: an authenticated account. Every files-core call takes one. */
public record Principal(long userId, String login, String displayName, boolean admin, long homeSpaceId) {
}
