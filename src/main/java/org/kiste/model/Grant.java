package org.kiste.model;

import java.time.Instant;

/** A role on a team folder given to a user or a group, by whom and when. */
public record Grant(Subject subject, Role role, String grantedBy, Instant grantedAt) {}
