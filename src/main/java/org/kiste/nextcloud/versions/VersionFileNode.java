package org.kiste.nextcloud.versions;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.blob.BlobReader;
import org.kiste.dav.DavContent;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.Outcome;
import org.kiste.dav.Preconditions;
import org.kiste.dav.RestoreTarget;
import org.kiste.files.ContentPolicy;
import org.kiste.files.Precondition;
import org.kiste.files.PropPatch;
import org.kiste.model.FileVersion;
import org.kiste.model.ForbiddenException;

/**
 * One version of a file: read like any file (ranges and conditions included), restored by moving it into
 * {@code restore/}, named by PROPPATCH of {@code nc:version-label}, deleted by DELETE.
 */
final class VersionFileNode implements DavContent {
    private final VersionNodes nodes;
    private final long fileId;
    private final String fileName;
    private final FileVersion version;

    VersionFileNode(VersionNodes nodes, long fileId, String fileName, FileVersion version) {
        this.nodes = nodes;
        this.fileId = fileId;
        this.fileName = fileName;
        this.version = version;
    }

    @Override
    public String href() {
        return nodes.fileHref(fileId) + version.revision();
    }

    @Override
    public String etag() {
        return version.etag();
    }

    /** The time its name stands for: Nextcloud's clients take a version's name from its date. */
    @Override
    public long lastModified() {
        return version.revisionMillis();
    }

    @Override
    public String allow() {
        return VersionNodes.VERSION_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return new VersionProperties(version, fileId);
    }

    @Override
    public long size() {
        return version.size();
    }

    @Override
    public String contentType() {
        return version.mime() == null ? "application/octet-stream" : version.mime();
    }

    @Override
    public BlobReader open(DavExchange x) throws IOException {
        return nodes.versions.open(version);
    }

    @Override
    public void describe(DavExchange x, HttpServletResponse resp) {
        resp.setHeader("OC-FileId", nodes.ids.ocId(fileId));
        // saved under the file's name, as Nextcloud serves a version (its own name is a number)
        resp.setHeader("Content-Disposition", "attachment" + ContentPolicy.filename(fileName));
    }

    @Override
    public void delete(DavExchange x) {
        nodes.versions.delete(nodes.principal(), fileId, version.revision(), tokens(x));
    }

    @Override
    public Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        if (!RestoreTarget.of("versions", destination)) {
            throw new ForbiddenException("a version is restored by moving it into restore/");
        }
        nodes.versions.restore(nodes.principal(), fileId, version.revision(), tokens(x));
        return new Outcome(true, null, nodes.ids.ocId(fileId), -1, null, false);
    }

    @Override
    public boolean patchable() {
        return true;
    }

    @Override
    public List<QName> patch(DavExchange x, List<PropPatch> ops) {
        List<QName> refused = new ArrayList<>();
        String label = null;
        for (PropPatch op : ops) {
            QName q = new QName(op.namespace(), op.localName());
            if (q.equals(VersionProperties.LABEL)) {
                label = op.isRemove() ? "" : text(op.valueXml());
            } else {
                refused.add(q);
            }
        }
        if (refused.isEmpty() && label != null) {
            nodes.versions.label(nodes.principal(), fileId, version.revision(), label, tokens(x));
        }
        return refused;
    }

    /** The file's locks apply to a version's changes: the client submits their tokens in its If header. */
    private static Precondition tokens(DavExchange x) {
        return Precondition.withTokens(
                Precondition.NONE, Preconditions.of(x.req()).lockTokens());
    }

    /** The text of a property's value (its markup, if any, dropped; the parser's escapes undone). */
    private static String text(String xml) {
        String t = xml.replaceAll("<[^>]*>", "");
        return t.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#13;", "\r")
                .replace("&amp;", "&");
    }
}
