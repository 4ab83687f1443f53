package org.kiste.uploads;

/**
 * One chunked upload in progress: the client-chosen id, the bytes its chunks hold (counted against the quota of
 * the space its file is headed for), and when it last changed.
 */
public record Transfer(String id, long bytes, long lastModified) {}
