package org.kiste.dav;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.dav.xml.SearchRequest;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.Located;
import org.kiste.model.FilePath;
import org.kiste.model.NotFoundException;
import org.kiste.model.SearchQuery;

/**
 * SEARCH (RFC 5323 basicsearch) on {@code /remote.php/dav/}, as the Nextcloud mobile apps use it for file search,
 * photos, recent files and favourites. The scope is an href {@code /files/{user}/path}; results are a flat
 * multistatus with hrefs under {@code /remote.php/dav/files/{user}/}. Milton has no SEARCH verb, so the DAV
 * servlet calls this handler directly.
 */
public final class SearchHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"SEARCH"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException, XmlBodyException {
        InputStream body = Bodies.readCapped(x.req(), x.maxXmlBody());
        if (body == null) {
            throw new XmlBodyException("SEARCH needs a body");
        }
        SearchRequest request = SearchRequest.parse(body);
        FilePath scope = scope(x, request.scopeHref());
        List<Located> hits = x.files()
                .search()
                .run(
                        x.principal(),
                        new SearchQuery(scope, request.allDepths(), request.where(), request.order(), request.limit()));
        DavLocation files = new DavLocation(
                DavLocation.Kind.TREE,
                x.router().contextPath()
                        + DavRouter.FILES
                        + Hrefs.encodeSegment(x.principal().login()),
                FilePath.ROOT);
        PropFindRequest props = request.props().isEmpty()
                ? PropFindRequest.ALL
                : new PropFindRequest(PropFindRequest.Kind.PROP, request.props());
        PropFindHandler.writeFlat(x, Found.nodes(x, files, hits), props, PropContext.of(x, files));
    }

    /** {@code /files/alice/Photos}, also as a full DAV path or URL; another user's tree is not found. */
    private static FilePath scope(DavExchange x, String href) throws XmlBodyException {
        String path = href;
        if (!path.startsWith("/")) {
            try {
                path = URI.create(path).getRawPath();
            } catch (IllegalArgumentException e) {
                throw new XmlBodyException("the search scope is not an href");
            }
            if (path == null) {
                throw new XmlBodyException("the search scope is not an href");
            }
        }
        String dav = x.router().contextPath() + "/remote.php/dav";
        if (path.startsWith(dav + "/")) {
            path = path.substring(dav.length());
        } else if (path.startsWith("/remote.php/dav/")) {
            path = path.substring("/remote.php/dav".length());
        }
        List<String> segments = Hrefs.decodeSegments(path);
        if (segments.size() < 2 || !segments.get(0).equals("files")) {
            throw new XmlBodyException("the search scope must lie below /files/{user}");
        }
        if (!segments.get(1).equals(x.principal().login())) {
            throw new NotFoundException("no such search scope");
        }
        return FilePath.of(segments.subList(2, segments.size()));
    }
}
