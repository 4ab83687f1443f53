package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.io.InputStream;
import org.kiste.blob.BlobReader;
import org.kiste.dav.DavContent;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.Outcome;
import org.kiste.dav.Preconditions;
import org.kiste.model.ForbiddenException;
import org.kiste.model.NotFoundException;
import org.kiste.model.PreconditionFailedException;
import org.kiste.uploads.Chunk;
import org.kiste.uploads.ChunkCondition;

/** One chunk of a transfer: PUT stores (or replaces) it, GET reads it back, DELETE removes it. */
final class ChunkNode implements DavContent {
    private final UploadNodes nodes;
    private final String transfer;
    private final String name;
    private final Chunk chunk;

    /** @param chunk null when there is none of that name (yet) */
    ChunkNode(UploadNodes nodes, String transfer, String name, Chunk chunk) {
        this.nodes = nodes;
        this.transfer = transfer;
        this.name = name;
        this.chunk = chunk;
    }

    @Override
    public boolean exists() {
        return chunk != null;
    }

    @Override
    public String href() {
        return UploadsPath.chunkHref(nodes.contextPath(), nodes.principal().login(), transfer, name);
    }

    @Override
    public String etag() {
        return chunk == null ? null : chunk.etag();
    }

    @Override
    public long lastModified() {
        return chunk == null ? -1 : chunk.lastModified();
    }

    @Override
    public String allow() {
        return UploadNodes.CHUNK_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return new UploadProperties(false, size(), etag(), lastModified());
    }

    @Override
    public long size() {
        return chunk == null ? 0 : chunk.size();
    }

    @Override
    public String contentType() {
        return "application/octet-stream";
    }

    @Override
    public BlobReader open(DavExchange x) throws IOException {
        return nodes.uploads.open(chunk);
    }

    @Override
    public Outcome put(DavExchange x, InputStream body, long length) throws IOException {
        Preconditions conditions = Preconditions.of(x.req());
        conditions.requireIf(x, this);
        ChunkCondition condition = conditions.none()
                ? ChunkCondition.NONE
                : current -> {
                    Preconditions.Verdict v = current == null
                            ? conditions.evaluate(null, -1, false)
                            : conditions.evaluate(current.etag(), current.lastModified(), false);
                    if (v != Preconditions.Verdict.PROCEED) {
                        throw new PreconditionFailedException("precondition failed on chunk " + name);
                    }
                };
        boolean created = nodes.uploads.putChunk(
                nodes.principal(),
                transfer,
                name,
                body,
                length,
                UploadHeaders.length(x.req(), "OC-Total-Length"),
                UploadHeaders.destination(x),
                condition);
        Chunk stored = nodes.uploads.chunk(nodes.principal(), transfer, name);
        return new Outcome(created, stored.etag(), null, -1, null, false);
    }

    @Override
    public void delete(DavExchange x) {
        if (chunk == null) {
            throw new NotFoundException("chunk " + name);
        }
        nodes.uploads.deleteChunk(nodes.principal(), transfer, name);
    }

    @Override
    public Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        throw new ForbiddenException("only .file of an upload can be moved");
    }
}
