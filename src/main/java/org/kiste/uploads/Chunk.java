package org.kiste.uploads;

/**
 * One stored chunk of a transfer: its client-given name, its size, when it was written, the etag of this version
 * of it, and the key of the blob that holds its bytes.
 */
public record Chunk(String name, long size, long lastModified, String etag, String blobKey) {}
