package org.kiste.dav;

/**
 * What a write made: whether it created the resource (201) or replaced one (204), and what the answer tells of it.
 *
 * @param etag          the new entity tag, or null
 * @param fileId        the Nextcloud file id ({@code OC-FileId}), or null
 * @param lastModified  ms, or -1
 * @param location      the href of what was created, or null
 * @param mtimeAccepted the client's {@code X-OC-Mtime} was applied
 */
public record Outcome(
        boolean created, String etag, String fileId, long lastModified, String location, boolean mtimeAccepted) {}
