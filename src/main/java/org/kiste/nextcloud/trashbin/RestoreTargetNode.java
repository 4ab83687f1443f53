package org.kiste.nextcloud.trashbin;

import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.model.NotFoundException;

/** A name below {@code restore/}: nothing is there; an item moved here goes back where it was. */
final class RestoreTargetNode implements DavNode {
    private final TrashNodes nodes;
    private final String name;

    RestoreTargetNode(TrashNodes nodes, String name) {
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
        return nodes.areaHref(TrashbinPath.RESTORE) + org.kiste.dav.Hrefs.encodeSegment(name);
    }

    @Override
    public String allow() {
        return TrashNodes.COLLECTION_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        throw new NotFoundException(name);
    }
}
