package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.NodeProperties;

/** {@code /remote.php/dav/uploads/}: lists the user's own uploads collection only. */
final class UploadsRootNode implements DavCollection {
    private final UploadNodes nodes;

    UploadsRootNode(UploadNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public String href() {
        return nodes.contextPath() + UploadsPath.PREFIX + "/";
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
        sink.accept(List.of(new UserUploadsNode(nodes)));
    }
}
