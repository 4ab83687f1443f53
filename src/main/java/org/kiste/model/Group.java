package org.kiste.model;

/** A named set of users; team folders can be granted to it. {@code members} is the member count. */
public record Group(long id, String name, String displayName, int members) {}
