package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.Outcome;
import org.kiste.model.NotFoundException;
import org.kiste.uploads.Chunk;
import org.kiste.uploads.Transfer;

/** One transfer, {@code /remote.php/dav/uploads/{user}/{id}/}: MKCOL starts it, DELETE abandons it. */
final class TransferNode implements DavCollection {
    private final UploadNodes nodes;
    private final String id;
    private final Transfer transfer;

    /** @param transfer null when there is none of that id (yet) */
    TransferNode(UploadNodes nodes, String id, Transfer transfer) {
        this.nodes = nodes;
        this.id = id;
        this.transfer = transfer;
    }

    @Override
    public boolean exists() {
        return transfer != null;
    }

    @Override
    public String href() {
        return UploadsPath.transferHref(nodes.contextPath(), nodes.principal().login(), id);
    }

    @Override
    public String etag() {
        return transfer == null ? null : Long.toHexString(transfer.lastModified());
    }

    @Override
    public long lastModified() {
        return transfer == null ? -1 : transfer.lastModified();
    }

    @Override
    public String allow() {
        return UploadNodes.TRANSFER_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return new UploadProperties(true, -1, etag(), lastModified());
    }

    @Override
    public void members(DavExchange x, Members sink) throws IOException {
        List<ChunkNode> out = new ArrayList<>();
        for (Chunk c : nodes.uploads.chunks(nodes.principal(), id)) {
            out.add(new ChunkNode(nodes, id, c.name(), c));
        }
        sink.accept(out);
    }

    @Override
    public Outcome mkcol(DavExchange x) {
        nodes.uploads.begin(
                nodes.principal(), id, UploadHeaders.length(x.req(), "OC-Total-Length"), UploadHeaders.destination(x));
        return new Outcome(true, null, null, -1, null, false);
    }

    @Override
    public void delete(DavExchange x) {
        if (transfer == null) {
            throw new NotFoundException("upload " + id);
        }
        nodes.uploads.abort(nodes.principal(), id);
    }
}
