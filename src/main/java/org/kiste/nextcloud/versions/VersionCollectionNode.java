package org.kiste.nextcloud.versions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.files.Versions;
import org.kiste.model.FileVersion;

/**
 * The collections of the versions area: {@code versions/}, the user's {@code versions/{user}/}, its {@code versions/}
 * and {@code restore/} (both list nothing) and a file's versions ({@code versions/{fileid}/}, newest first).
 */
final class VersionCollectionNode implements DavCollection {
    enum Kind {
        ROOT,
        USER,
        VERSIONS,
        RESTORE,
        FILE
    }

    private final VersionNodes nodes;
    private final Kind kind;
    private final Long fileId;
    private final Versions.Listing listing;

    VersionCollectionNode(VersionNodes nodes, Kind kind, Long fileId) {
        this.nodes = nodes;
        this.kind = kind;
        this.fileId = fileId;
        // a file's versions are looked up now: a file the principal cannot read is not found
        this.listing = kind == Kind.FILE ? nodes.versions.list(nodes.principal(), fileId) : null;
    }

    @Override
    public String href() {
        return switch (kind) {
            case ROOT -> nodes.contextPath() + VersionsPath.PREFIX + "/";
            case USER -> nodes.userHref();
            case VERSIONS -> nodes.areaHref(VersionsPath.VERSIONS);
            case RESTORE -> nodes.areaHref(VersionsPath.RESTORE);
            case FILE -> nodes.fileHref(fileId);
        };
    }

    @Override
    public String allow() {
        return VersionNodes.COLLECTION_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return VersionProperties.COLLECTION;
    }

    @Override
    public void members(DavExchange x, Members sink) throws IOException {
        List<DavNode> out = new ArrayList<>();
        switch (kind) {
            case ROOT -> out.add(new VersionCollectionNode(nodes, Kind.USER, null));
            case USER -> {
                out.add(new VersionCollectionNode(nodes, Kind.VERSIONS, null));
                out.add(new VersionCollectionNode(nodes, Kind.RESTORE, null));
            }
            case FILE -> {
                for (FileVersion v : listing.versions()) {
                    out.add(new VersionFileNode(
                            nodes, fileId, listing.file().node().name(), v));
                }
            }
            case VERSIONS, RESTORE -> {}
        }
        sink.accept(out);
    }
}
