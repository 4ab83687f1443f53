package org.kiste.store;

/**
 * Where a write expects a node to hang when it changes it by id: its folder, its name and its space. An update
 * that states it matches no row when a concurrent write moved the node first, and then reports that it lost.
 */
public record Placement(long parentId, String name, long spaceId) {}
