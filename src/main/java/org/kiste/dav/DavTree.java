package org.kiste.dav;

import io.milton.http.HttpManager;
import io.milton.http.ResourceFactory;
import io.milton.resource.Resource;
import java.util.List;

/**
 * The one resolver of WebDAV paths to nodes, and Milton's resource factory: the files trees (a user's tree under
 * its three URL families and the collections above them, or a public link's item) and the areas beside them
 * (uploads, trash bin). Milton hands the factory only a host and a path; the request's exchange, with its login,
 * is the one Milton is processing on this thread.
 */
public final class DavTree implements ResourceFactory {
    private final List<DavArea> areas;
    private final FilesArea files = new FilesArea();

    public DavTree(List<DavArea> areas) {
        this.areas = List.copyOf(areas);
    }

    /** The node at a raw path (below the context path, still percent-encoded); unmapped where nothing is. */
    public DavNode resolve(DavExchange x, String rawPath) {
        String raw = Hrefs.collapseSlashes(rawPath);
        for (DavArea a : areas) {
            if (a.owns(raw)) {
                return a.resolve(x, raw);
            }
        }
        return files.resolve(x, raw);
    }

    /** The methods answered at a raw path, for OPTIONS (no login, no lookup). */
    public String allow(String rawPath) {
        String raw = Hrefs.collapseSlashes(rawPath);
        for (DavArea a : areas) {
            if (a.owns(raw)) {
                return a.allow(raw);
            }
        }
        return TreeNode.ALLOW;
    }

    @Override
    public Resource getResource(String host, String path) {
        if (!(HttpManager.request() instanceof MiltonRequest r)) {
            return null;
        }
        return resolve(r.exchange(), path);
    }
}
