package org.kiste.nextcloud.trashbin;

import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.Hrefs;
import org.kiste.dav.Outcome;
import org.kiste.dav.RestoreTarget;
import org.kiste.files.TrashBin;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Node;

/**
 * A deleted item, or a node inside a deleted folder: what its file and folder nodes share. Only the item itself
 * can be restored (moved into {@code restore/}) or deleted for good.
 */
record TrashEntry(TrashNodes nodes, TrashBin.Item item, FilePath below, Node node) {
    String href() {
        StringBuilder b = new StringBuilder(nodes.areaHref(TrashbinPath.TRASH)).append(Hrefs.encodeSegment(item.key()));
        for (String name : below.names()) {
            b.append('/').append(Hrefs.encodeSegment(name));
        }
        return node.isFolder() ? b.append('/').toString() : b.toString();
    }

    boolean isItem() {
        return below.isRoot();
    }

    String allow() {
        return isItem() ? TrashNodes.ITEM_ALLOW : TrashNodes.INSIDE_ALLOW;
    }

    TrashProperties properties() {
        return new TrashProperties(node, isItem() ? item : null, nodes.ids);
    }

    void delete(DavNode self) {
        if (!isItem()) {
            throw self.refused("DELETE");
        }
        nodes.trash.delete(nodes.principal(), item.key());
    }

    Outcome moveTo(DavNode self, DavExchange x, DavNode destination) {
        if (!isItem()) {
            throw self.refused("MOVE");
        }
        if (!RestoreTarget.of("trashbin", destination)) {
            throw new ForbiddenException("a deleted item is restored by moving it into restore/");
        }
        FilePath restored = nodes.trash.restore(nodes.principal(), item.key());
        StringBuilder location = new StringBuilder(nodes.contextPath())
                .append("/remote.php/dav/files/")
                .append(Hrefs.encodeSegment(nodes.principal().login()));
        for (String name : restored.names()) {
            location.append('/').append(Hrefs.encodeSegment(name));
        }
        return new Outcome(true, null, null, -1, location.toString(), false);
    }
}
