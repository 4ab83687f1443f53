package org.kiste.dav;

import java.util.Optional;
import org.kiste.files.Resolved;
import org.kiste.model.NotFoundException;

/**
 * The files trees: the principal's tree under the URL families its router knows (a user's three, or a link's
 * one) and the collections above a user's tree. The requested node keeps the href the client sent (SabreDAV
 * answers so; a client that sent a name in decomposed Unicode finds its own spelling in the answer).
 */
final class FilesArea {
    DavNode resolve(DavExchange x, String raw) {
        DavLocation loc = x.router().route(raw, x.principal());
        if (loc == null) {
            return new Nowhere(x.router().contextPath() + raw);
        }
        if (!loc.isTree()) {
            return new VirtualCollection(loc);
        }
        String href = x.router().contextPath() + raw;
        if ("PUT".equals(x.req().getMethod())) {
            // the core resolves a PUT's target under its locks: a walk here would only be repeated
            return new PutTarget(x.files(), x.principal(), loc, href);
        }
        Optional<Resolved> found = x.files().find(x.principal(), loc.path());
        if (found.isEmpty()) {
            return new UnmappedNode(x.files(), x.principal(), loc, href);
        }
        Resolved r = found.get();
        return r.isFolder()
                ? new FolderNode(x.files(), x.principal(), loc, href, r)
                : new FileNode(x.files(), x.principal(), loc, href, r);
    }

    /** A URL that names nothing this principal may reach: every method answers 404. */
    record Nowhere(String href) implements DavNode {
        @Override
        public boolean exists() {
            return false;
        }

        @Override
        public boolean isCollection() {
            return false;
        }

        @Override
        public String allow() {
            return "OPTIONS";
        }

        @Override
        public NodeProperties properties() {
            throw new NotFoundException("not found");
        }

        // the same answer for every method and every such URL: it tells nothing of what may be there
        @Override
        public org.kiste.model.MethodNotAllowedException refused(String method) {
            throw new NotFoundException("not found");
        }
    }
}
