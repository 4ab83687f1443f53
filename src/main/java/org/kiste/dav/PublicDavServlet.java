package org.kiste.dav;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.kiste.auth.BasicCredentials;
import org.kiste.auth.TooManyAttempts;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.UnavailableException;
import org.kiste.share.link.DropUpload;
import org.kiste.share.link.LinkGate;

/**
 * WebDAV for public links, the same handlers as for users' trees with the link's visitor as the principal:
 * {@code /public.php/dav/files/{token}/…} (no login for a link without password; with one, Basic with any user
 * name and the link's password) and the older {@code /public.php/webdav/…} (Basic: the token as user name, the
 * link's password, if any, as password). What the visitor may do follows the link's permissions, enforced by the
 * files core.
 *
 * <p>An upload-only ("file drop") link never looks at what is in its folder on a visitor's behalf: PROPFIND
 * answers the folder alone, PUT of a direct child stores the file (under a new name if the name is taken, which
 * the answer does not tell), and every other request is refused with 403 before anything is looked up, so
 * answers are the same whether a name exists or not.
 */
public final class PublicDavServlet extends HttpServlet {
    private static final Set<String> METHODS = Set.of(
            "OPTIONS",
            "GET",
            "HEAD",
            "PUT",
            "DELETE",
            "MKCOL",
            "COPY",
            "MOVE",
            "PROPFIND",
            "PROPPATCH",
            "LOCK",
            "UNLOCK");
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK";
    private static final String CHALLENGE = "Basic realm=\"Kiste\", charset=\"UTF-8\"";

    private final transient FilesService files;
    private final transient LinkGate gate;
    private final transient DavRouter router;
    private final long maxXmlBody;
    /** A link's tree is its item alone: no areas beside it. */
    private final transient DavTree tree = new DavTree(java.util.List.of());

    private final transient DavDispatch dispatch = new DavDispatch(tree);

    public PublicDavServlet(FilesService files, LinkGate gate, DavRouter router, long maxXmlBody) {
        this.files = files;
        this.gate = gate;
        this.router = router;
        this.maxXmlBody = maxXmlBody;
    }

    /** Which link a request path names, and the raw path its tree lives under. */
    private record Address(String token, String base, boolean legacy) {}

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            serve(req, resp);
        } catch (UnavailableException e) {
            // the link could not be looked up or checked: the client may try again, it was not refused
            DavErrors.answer(resp, req.getMethod(), req.getRequestURI(), e, id -> "");
            Bodies.drainUnread(req);
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String raw = Hrefs.collapseSlashes(router.rawPath(req));
        if (!METHODS.contains(method)) {
            resp.setHeader("Allow", ALLOW);
            DavErrors.send(resp, 405, "method not allowed");
            return;
        }
        Optional<BasicCredentials> creds = BasicCredentials.parse(req.getHeader("Authorization"));
        Address a = address(raw, creds);
        if (method.equals("OPTIONS")) {
            // no login and no lookup: what the server offers is the same for every link
            resp.setStatus(200);
            resp.setHeader("DAV", "1, 2, 3");
            resp.setHeader("Allow", ALLOW);
            resp.setContentLength(0);
            return;
        }
        if (a == null) {
            if (raw.startsWith(DavRouter.PUBLIC_WEBDAV)) {
                challenge(req, resp);
            } else {
                DavErrors.send(resp, 404, "not found");
            }
            return;
        }
        Optional<Share> found = gate.find(a.token());
        if (found.isEmpty()) {
            if (a.legacy()) {
                challenge(req, resp); // the token is the user name there: an unknown one is a failed login
            } else {
                DavErrors.send(resp, 404, "not found");
                Bodies.drainUnread(req);
            }
            return;
        }
        Share link = found.get();
        if (link.hasPassword()) {
            if (creds.isEmpty()) {
                challenge(req, resp);
                return;
            }
            LinkGate.Check check;
            try {
                check = gate.checkPassword(link, creds.get().password(), req.getRemoteAddr());
            } catch (TooManyAttempts e) {
                resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
                DavErrors.send(resp, 429, "too many wrong passwords; try again later");
                Bodies.drainUnread(req);
                return;
            }
            if (check == LinkGate.Check.WRONG) {
                challenge(req, resp);
                return;
            }
        }
        Optional<Principal> visitor = gate.visitor(link);
        if (visitor.isEmpty()) {
            DavErrors.send(resp, 404, "not found");
            Bodies.drainUnread(req);
            return;
        }
        DavRouter linkRouter = DavRouter.forLink(router.contextPath(), a.base());
        if (LinkGate.isDrop(link)) {
            DavLocation location;
            try {
                location = linkRouter.route(raw, visitor.get());
            } catch (BadRequestException e) {
                DavErrors.send(resp, 400, e.getMessage());
                Bodies.drainUnread(req);
                return;
            }
            drop(req, resp, visitor.get(), location);
            return;
        }
        dispatch.run(
                new DavExchange(req, resp, visitor.get(), raw, tree, linkRouter, files, maxXmlBody),
                getServletContext());
    }

    private static Address address(String raw, Optional<BasicCredentials> creds) {
        if (raw.startsWith(DavRouter.PUBLIC_FILES)) {
            String rest = raw.substring(DavRouter.PUBLIC_FILES.length());
            int slash = rest.indexOf('/');
            String token = slash < 0 ? rest : rest.substring(0, slash);
            if (token.isEmpty()) {
                return null;
            }
            return new Address(token, DavRouter.PUBLIC_FILES + token, false);
        }
        if (raw.equals(DavRouter.PUBLIC_WEBDAV) || raw.startsWith(DavRouter.PUBLIC_WEBDAV + "/")) {
            return creds.map(c -> new Address(c.user(), DavRouter.PUBLIC_WEBDAV, true))
                    .orElse(null);
        }
        return null;
    }

    // ---- upload-only links ---------------------------------------------------------------------------------

    private void drop(HttpServletRequest req, HttpServletResponse resp, Principal visitor, DavLocation location)
            throws IOException {
        FilePath path = location.path();
        try {
            switch (req.getMethod()) {
                case "PROPFIND" -> {
                    if (!path.isRoot()) {
                        refuse(req, resp);
                        return;
                    }
                    Bodies.drainUnread(req);
                    dropRoot(resp, location);
                }
                case "PUT" -> {
                    if (path.depth() != 1) {
                        refuse(req, resp);
                        return;
                    }
                    Resolved folder = files.resolve(visitor, FilePath.ROOT);
                    OnceBody body = new OnceBody(new LazyRequestBody(req));
                    DropUpload.store(
                            files,
                            visitor,
                            folder,
                            path.last(),
                            body::open,
                            req.getContentLengthLong(),
                            req.getContentType());
                    // neither a Location nor an ETag: they could tell the name was taken
                    resp.setStatus(201);
                    resp.setContentLength(0);
                }
                default -> refuse(req, resp);
            }
        } catch (DropUpload.BodyGoneException e) {
            DavErrors.send(resp, 409, e.getMessage());
        } catch (IOException | RuntimeException e) {
            DavErrors.answer(resp, req.getMethod(), req.getRequestURI(), e, id -> "");
            Bodies.drainUnread(req);
        }
    }

    /**
     * The request body for {@link DropUpload}: given again as long as nothing of it was read (a taken name is
     * usually found before the body is read); once read, it cannot be given again.
     */
    private static final class OnceBody {
        private final InputStream in;
        private boolean read;

        OnceBody(InputStream in) {
            this.in = in;
        }

        InputStream open() {
            if (read) {
                throw new DropUpload.BodyGoneException();
            }
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    OnceBody.this.read = true;
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    OnceBody.this.read = true;
                    return super.read(b, off, len);
                }

                @Override
                public void close() {
                    // the request's stream stays open for the next attempt; the container closes it
                }
            };
        }
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DavErrors.send(resp, 403, "an upload-only link allows uploading files into its folder only");
        Bodies.drainUnread(req);
    }

    /** The drop folder alone: a collection where the visitor may create (Nextcloud's letters "CK"). */
    private static void dropRoot(HttpServletResponse resp, DavLocation location) throws IOException {
        String href = location.href(FilePath.ROOT, true);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<d:multistatus xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\">"
                + "<d:response><d:href>" + escape(href) + "</d:href><d:propstat><d:prop>"
                + "<d:resourcetype><d:collection/></d:resourcetype>"
                + "<oc:permissions>CK</oc:permissions><nc:share-permissions>4</nc:share-permissions>"
                + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>\n";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(207);
        resp.setContentType("application/xml; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void challenge(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("WWW-Authenticate", CHALLENGE);
        DavErrors.send(resp, 401, "the link's password is needed");
        Bodies.drainUnread(req);
    }
}
