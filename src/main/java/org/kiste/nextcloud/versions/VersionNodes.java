package org.kiste.nextcloud.versions;

import org.kiste.dav.AreaNodes;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.Hrefs;
import org.kiste.dav.RestoreTarget;
import org.kiste.files.FileIds;
import org.kiste.files.Versions;

/** What the nodes of the versions area share for one request, and where a path of the area leads. */
final class VersionNodes extends AreaNodes {
    static final String COLLECTION_ALLOW = "OPTIONS, PROPFIND";
    static final String VERSION_ALLOW = "OPTIONS, PROPFIND, PROPPATCH, GET, HEAD, MOVE, DELETE";

    final Versions versions;
    final FileIds ids;

    VersionNodes(Versions versions, FileIds ids, DavExchange x) {
        super(x);
        this.versions = versions;
        this.ids = ids;
    }

    DavNode at(String rawPath) {
        VersionsPath path = VersionsPath.parse(rawPath);
        requireOwn(path != null, path == null ? null : path.user(), false);
        return switch (path.level()) {
            case ROOT -> new VersionCollectionNode(this, VersionCollectionNode.Kind.ROOT, null);
            case USER -> new VersionCollectionNode(this, VersionCollectionNode.Kind.USER, null);
            case VERSIONS -> new VersionCollectionNode(this, VersionCollectionNode.Kind.VERSIONS, null);
            case RESTORE -> new VersionCollectionNode(this, VersionCollectionNode.Kind.RESTORE, null);
            case RESTORE_TARGET ->
                new RestoreTarget(
                        "versions",
                        areaHref(VersionsPath.RESTORE) + Hrefs.encodeSegment(path.target()),
                        path.target(),
                        COLLECTION_ALLOW);
            case FILE -> new VersionCollectionNode(this, VersionCollectionNode.Kind.FILE, path.fileId());
            case VERSION -> {
                Versions.One one = versions.find(principal(), path.fileId(), path.revision());
                yield new VersionFileNode(this, path.fileId(), one.file().node().name(), one.version());
            }
        };
    }

    String userHref() {
        return VersionsPath.userHref(contextPath(), principal().login());
    }

    String areaHref(String area) {
        return VersionsPath.areaHref(contextPath(), principal().login(), area);
    }

    String fileHref(long fileId) {
        return VersionsPath.fileHref(contextPath(), principal().login(), fileId);
    }
}
