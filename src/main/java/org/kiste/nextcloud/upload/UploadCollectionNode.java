package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;

/**
 * The collections above the transfers: {@code /remote.php/dav/uploads/}, which lists the user's own collection
 * only, and the user's {@code uploads/{user}/}, which lists their transfers.
 */
final class UploadCollectionNode implements DavCollection {
    private final UploadNodes nodes;
    private final boolean user;

    /** @param user the user's own collection, else the one above it */
    UploadCollectionNode(UploadNodes nodes, boolean user) {
        this.nodes = nodes;
        this.user = user;
    }

    @Override
    public String href() {
        return user ? nodes.userHref() : nodes.contextPath() + UploadsPath.PREFIX + "/";
    }

    @Override
    public String allow() {
        return UploadNodes.COLLECTION_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return UploadProperties.collectionOnly();
    }

    @Override
    public void members(DavExchange x, Members sink) throws IOException {
        List<DavNode> out = new ArrayList<>();
        if (!user) {
            out.add(new UploadCollectionNode(nodes, true));
        } else {
            nodes.uploads.transfers(nodes.principal(), t -> out.add(new TransferNode(nodes, t.id(), t)));
        }
        sink.accept(out);
    }
}
