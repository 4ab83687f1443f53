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

    /**
     * The content of a file version; {@code null} for empty files and folders. A node read with its content details
     * ({@link ContentDetails#INCLUDED}) carries the blob's storage key and digests; one read without them
     * ({@link ContentDetails#OMITTED}) carries a blob known by its id alone ({@link Blob#detailed()} false), whose key,
     * digests and lost mark cannot be read: asking for them fails, rather than passing for a missing, lost or empty
     * blob.
     */
    public record Blob(long id, String key, byte[] sha256, byte[] sha1, byte[] md5, boolean detailed) {
        /** A blob read with its row: its storage key (null when the row is missing) and digests. */
        public Blob(long id, String key, byte[] sha256, byte[] sha1, byte[] md5) {
            this(id, key, sha256, sha1, md5, true);
        }

        /** A blob named by a node whose listing did not read the blob's row. */
        public static Blob idOnly(long id) {
            return new Blob(id, null, null, null, null, false);
        }

        /** The storage key; null when the node names a blob that has no row. */
        @Override
        public String key() {
            return requireDetails().key;
        }

        @Override
        public byte[] sha256() {
            return requireDetails().sha256;
        }

        @Override
        public byte[] sha1() {
            return requireDetails().sha1;
        }

        @Override
        public byte[] md5() {
            return requireDetails().md5;
        }

        /**
         * True when the blob's row has no content address: {@code kiste fsck --repair} found its bytes missing or
         * damaged and marked it lost (a blob a file can name always has one otherwise).
         */
        public boolean lost() {
            return sha256() == null;
        }

        private Blob requireDetails() {
            if (!detailed) {
                throw new IllegalStateException(
                        "blob #" + id + " was listed without its content details (ContentDetails.OMITTED)");
            }
            return this;
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
