package org.kiste.model;

/**
 * One file or folder as the core sees it. For folders {@code size}, {@code mtime} and {@code etag} already
 * include changes below that are not yet folded into the row.
 */
public record Node(
        long id,
        long spaceId,
        Long parentId,
        String name,
        NodeKind kind,
        long size,
        long mtime,
        long ctime,
        long createdAt,
        String etag,
        String mime,
        Blob blob) {

    /** The content of a file version; {@code null} for empty files and folders. */
    public record Blob(long id, String key, byte[] sha256, byte[] sha1, byte[] md5) {
        /**
         * True when the blob's row has no content address: {@code kiste fsck --repair} found its bytes missing or
         * damaged and marked it lost (a blob a file can name always has one otherwise).
         */
        public boolean lost() {
            return sha256 == null;
        }
    }

    /** The same node under another name (a mount point shows its mount's name). */
    public Node withName(String newName) {
        return new Node(id, spaceId, parentId, newName, kind, size, mtime, ctime, createdAt, etag, mime, blob);
    }

    public boolean isFolder() {
        return kind == NodeKind.FOLDER;
    }
}
