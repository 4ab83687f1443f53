package org.kiste.dav;

import org.kiste.model.NotFoundException;

/**
 * A name below an area's {@code restore/} collection (the trash bin's, the versions'): nothing is there; what its
 * area lets be moved here is restored. It knows its area, so that a MOVE into another area's restore collection is
 * no restore.
 */
public final class RestoreTarget implements DavNode {
    private final String area;
    private final String href;
    private final String name;
    private final String allow;

    /**
     * @param area   the area's name, e.g. {@code trashbin}
     * @param href   this name's href
     * @param name   the name as the client sent it
     * @param allow  the methods its area allows on its collections
     */
    public RestoreTarget(String area, String href, String name, String allow) {
        this.area = area;
        this.href = href;
        this.name = name;
        this.allow = allow;
    }

    /** Whether {@code node} is a restore target of {@code area}. */
    public static boolean of(String area, DavNode node) {
        return node instanceof RestoreTarget t && t.area.equals(area);
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public boolean isCollection() {
        return false;
    }

    @Override
    public String href() {
        return href;
    }

    @Override
    public String allow() {
        return allow;
    }

    @Override
    public NodeProperties properties() {
        throw new NotFoundException(name);
    }
}
