package org.kiste.nextcloud.versions;

import org.kiste.dav.DavNode;
import org.kiste.dav.Hrefs;
import org.kiste.dav.NodeProperties;
import org.kiste.model.NotFoundException;

/** A name below {@code restore/}: nothing is there; a version moved here is restored. */
final class RestoreTargetNode implements DavNode {
    private final VersionNodes nodes;
    private final String name;

    RestoreTargetNode(VersionNodes nodes, String name) {
        this.nodes = nodes;
        this.name = name;
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
        return nodes.areaHref(VersionsPath.RESTORE) + Hrefs.encodeSegment(name);
    }

    @Override
    public String allow() {
        return VersionNodes.COLLECTION_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        throw new NotFoundException(name);
    }
}
