package org.kiste.model;

/** An active WebDAV write lock on a node (and, when {@code deep}, everything below it). */
public record DavLock(
        String token,
        long nodeId,
        long spaceId,
        boolean exclusive,
        boolean deep,
        String ownerXml,
        long principalId,
        long timeoutSeconds,
        long secondsLeft) {}
