package org.kiste.blob;

/**
 * The digests an upload is hashed with while it streams to disk. SHA-256 (the content address) and SHA-1 (listed in
 * {@code oc:checksums}, which Nextcloud clients and rclone's Nextcloud backend compare) are kept for every file; MD5
 * only where the client announced it to be checked ({@code OC-Checksum: MD5:…}, or a bulk part's {@code X-File-MD5}
 * when the part brings no {@code OC-Checksum}, which wins). Chunks of a
 * chunked upload are hashed as one file when they are assembled, so they need none.
 */
public enum Digests {
    /** No digest: bytes that are hashed later as part of something else (upload chunks). */
    NONE,
    /** SHA-256 and SHA-1: every stored file. */
    FILE,
    /** SHA-256, SHA-1 and MD5: a file whose announced MD5 is checked. */
    FILE_AND_MD5;

    boolean file() {
        return this != NONE;
    }

    boolean md5() {
        return this == FILE_AND_MD5;
    }
}
