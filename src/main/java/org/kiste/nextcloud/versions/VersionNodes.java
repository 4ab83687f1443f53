package org.kiste.nextcloud.versions;

import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.Hrefs;
import org.kiste.dav.RestoreTarget;
import org.kiste.files.FileIds;
import org.kiste.files.Versions;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;

/** What the nodes of the versions area share for one request, and where a path of the area leads. */
final class VersionNodes {
    static final String COLLECTION_ALLOW = "OPTIONS, PROPFIND";
    static final String VERSION_ALLOW = "OPTIONS, PROPFIND, PROPPATCH, GET, HEAD, MOVE, DELETE";

    final Versions versions;
    final FileIds ids;
    final DavExchange x;

    VersionNodes(Versions versions, FileIds ids, DavExchange x) {
        this.versions = versions;
        this.ids = ids;
        this.x = x;
    }

    Principal principal() {
        return x.principal();
    }

    String contextPath() {
        return x.router().contextPath();
    }

    DavNode at(String rawPath) {
        VersionsPath path = VersionsPath.parse(rawPath);
        if (path == null
                || principal().isLinkVisitor()
                || (path.user() != null && !path.user().equals(principal().login()))) {
            throw new NotFoundException("not found");
        }
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
