package org.kiste.store;

/**
 * What a write of a file's content states, whether the file is new or replaced: the file's space, its new times
 * ({@code now} is the change's time), etag and type, who wrote it, and the ancestor folders that see the change in
 * the journal (from the space root down).
 */
public record ContentWrite(long spaceId, long mtime, long now, String etag, String mime, Long actor, long[] folders) {}
