package org.kiste.model;

import java.time.Instant;

/** One administrative change: who did what to which subject, concerning which target, with details as JSON. */
public record AuditEvent(
        long id, Instant at, String actor, String action, String subject, String target, String detail) {}
