package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.NodeProperties;
import org.kiste.uploads.Transfer;

/** {@code /remote.php/dav/uploads/{user}/}: the user's transfers. */
final class UserUploadsNode implements DavCollection {
    private final UploadNodes nodes;

    UserUploadsNode(UploadNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public String href() {
        return nodes.userHref();
    }

    @Override
    public String etag() {
        return null;
    }

    @Override
    public long lastModified() {
        return -1;
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
        List<TransferNode> out = new ArrayList<>();
        nodes.uploads.transfers(nodes.principal(), (Transfer t) -> out.add(new TransferNode(nodes, t.id(), t)));
        sink.accept(out);
    }
}
