package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.OcMtime;
import org.kiste.dav.Outcome;
import org.kiste.dav.Preconditions;
import org.kiste.dav.TreeNode;
import org.kiste.files.Checksum;
import org.kiste.files.Precondition;
import org.kiste.files.WriteResult;
import org.kiste.model.BadRequestException;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.PreconditionFailedException;
import org.kiste.uploads.UploadNames;

/**
 * {@code …/{transfer}/.file}: the file a transfer becomes, which exists only as the source of the MOVE that
 * assembles it into the user's files. The move's conditions ({@code If-Match}, {@code If-None-Match}, the desktop's
 * tagged {@code If}) are about the destination, as for a PUT there.
 */
final class AssemblyNode implements DavNode {
    private final UploadNodes nodes;
    private final String transfer;

    AssemblyNode(UploadNodes nodes, String transfer) {
        this.nodes = nodes;
        this.transfer = UploadNames.require("upload id", transfer);
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
        return UploadsPath.chunkHref(nodes.contextPath(), nodes.principal().login(), transfer, UploadNames.ASSEMBLED);
    }

    @Override
    public String allow() {
        return UploadNodes.CHUNK_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        throw new NotFoundException(UploadNames.ASSEMBLED);
    }

    @Override
    public Outcome put(DavExchange x, InputStream body, long length) {
        throw new BadRequestException(UploadNames.ASSEMBLED + " is not a chunk name");
    }

    @Override
    public void delete(DavExchange x) {
        throw new NotFoundException(UploadNames.ASSEMBLED);
    }

    @Override
    public Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        if (!(destination instanceof TreeNode to)) {
            throw new ForbiddenException("an upload is assembled into your files");
        }
        Long mtime = OcMtime.millis(x.req());
        Checksum checksum = Checksum.parse(x.req().getHeader("OC-Checksum"));
        Precondition pre = Preconditions.forWrite(x, to);
        if (!overwrite) {
            pre = noOverwrite(pre);
        }
        WriteResult r;
        try {
            r = nodes.uploads.assemble(
                    nodes.principal(),
                    transfer,
                    to.path(),
                    UploadHeaders.length(x.req(), "OC-Total-Length"),
                    mtime,
                    x.req().getContentType(),
                    pre,
                    checksum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Node n = r.node();
        return new Outcome(
                r.created(),
                n.etag(),
                nodes.files.ids().ocId(n.id()),
                n.mtime(),
                r.created() ? to.location().href(to.path(), false) : null,
                mtime != null);
    }

    /** {@code Overwrite: F}: an existing destination fails the request (RFC 4918 §9.9.3: 412). */
    private static Precondition noOverwrite(Precondition pre) {
        Precondition check = current -> {
            if (current != null) {
                throw new PreconditionFailedException("destination exists and Overwrite is F");
            }
            pre.check(current);
        };
        return Precondition.withTokens(check, pre.lockTokens());
    }
}
