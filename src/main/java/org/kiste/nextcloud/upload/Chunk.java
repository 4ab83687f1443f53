package org.kiste.nextcloud.upload;

import java.nio.file.Path;

/** One stored chunk of a transfer: its client-given name, its size, when it was written, and its file. */
public record Chunk(String name, long size, long lastModified, Path file) {
    /** Identifies this version of the chunk for {@code getetag}: its size and write time. */
    public String etag() {
        return Long.toHexString(size) + "-" + Long.toHexString(lastModified);
    }
}
