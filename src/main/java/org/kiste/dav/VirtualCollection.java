package org.kiste.dav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.model.FilePath;

/**
 * The collections above the user trees ({@code /}, {@code /remote.php/}, {@code /remote.php/dav/},
 * {@code /remote.php/dav/files/}): Windows walks every parent of a mapped folder with PROPFIND. Each lists only
 * what leads to the user's own files.
 */
final class VirtualCollection implements DavCollection {
    private static final String ALLOW = "OPTIONS, GET, HEAD, PROPFIND";

    private final DavLocation location;

    VirtualCollection(DavLocation location) {
        this.location = location;
    }

    @Override
    public String href() {
        return location.hrefBase() + "/";
    }

    @Override
    public String allow() {
        return ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return ResourceTypeOnly.COLLECTION;
    }

    @Override
    public void members(DavExchange x, Members sink) throws IOException {
        List<DavNode> out = new ArrayList<>();
        String base = location.hrefBase();
        switch (location.kind()) {
            case SERVER_ROOT ->
                out.add(virtual(DavLocation.Kind.REMOTE_ROOT, x.router().contextPath() + "/remote.php"));
            case REMOTE_ROOT -> {
                out.add(virtual(DavLocation.Kind.DAV_ROOT, base + "/dav"));
                out.add(home(x, base + "/webdav"));
            }
            case DAV_ROOT -> out.add(virtual(DavLocation.Kind.FILES_ROOT, base + "/files"));
            case FILES_ROOT ->
                out.add(home(x, base + "/" + Hrefs.encodeSegment(x.principal().login())));
            default -> throw new IllegalStateException();
        }
        sink.accept(out);
    }

    private static DavNode virtual(DavLocation.Kind kind, String hrefBase) {
        return new VirtualCollection(new DavLocation(kind, hrefBase, FilePath.ROOT));
    }

    /** The root of the user's own tree under another URL family. */
    private static DavNode home(DavExchange x, String hrefBase) {
        DavLocation at = new DavLocation(DavLocation.Kind.TREE, hrefBase, FilePath.ROOT);
        return new FolderNode(
                x.files(), x.principal(), at, hrefBase + "/", x.files().resolve(x.principal(), FilePath.ROOT));
    }

    /** Properties of a collection that is only a collection. */
    enum ResourceTypeOnly implements NodeProperties {
        COLLECTION;

        @Override
        public List<QName> allprop() {
            return List.of(LiveProperties.RESOURCETYPE);
        }

        @Override
        public List<QName> names() {
            return List.of(LiveProperties.RESOURCETYPE);
        }

        @Override
        public boolean write(Multistatus ms, QName name, PropContext ctx) throws IOException {
            if (!name.equals(LiveProperties.RESOURCETYPE)) {
                return false;
            }
            ms.writer().write("<d:resourcetype><d:collection/></d:resourcetype>");
            return true;
        }

        @Override
        public boolean isLive(QName name) {
            return true;
        }
    }
}
