package org.kiste.nextcloud.upload;

/** One chunked upload in progress: the owner's account id, the client-chosen id, and when it last changed. */
public record Transfer(long userId, String id, long lastModified) {
}
