package org.kiste.model;

/**
 * An earlier content of a file, kept when a write replaced it.
 *
 * @param revision  its name: Unix seconds, unique per file (the file's modification time while it held this
 *                  content, moved on a second where that name was taken)
 * @param blobId    the content's blob, or null for empty content
 * @param key       the blob's storage key, or null (empty content, or a blob row that is gone)
 * @param mtime     the file's modification time while it held this content, in ms
 * @param etag      the file's entity tag while it held this content
 * @param author    the login of who wrote the content, or null
 * @param label     the name a user gave it, or null (a named version never expires by schedule)
 * @param createdAt when it stopped being the current content, in ms
 */
public record FileVersion(
        long id,
        long nodeId,
        long revision,
        Long blobId,
        String key,
        long size,
        long mtime,
        String etag,
        String mime,
        String author,
        String label,
        long createdAt) {

    /** The modification time its name stands for, in ms (what clients show and send back). */
    public long revisionMillis() {
        return revision * 1000;
    }
}
