package org.kiste.model;

import java.time.Instant;

/** A listed app password: who it belongs to and what it is called. The secret itself is never kept. */
public record AppPassword(long id, long userId, String loginName, String name, Instant createdAt, Instant lastUsedAt) {}
