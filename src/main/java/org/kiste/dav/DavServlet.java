package org.kiste.dav;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.kiste.auth.BasicCredentials;
import org.kiste.auth.Authenticator;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.files.FilesService;
import org.kiste.files.LockService;
import org.kiste.model.Principal;

/**
 * The WebDAV front door. Request hygiene happens here before Milton sees anything: a method allow-list (Milton
 * answers 500 to verbs outside its enum), login (Basic, UTF-8), routing to the user's tree; then Milton dispatches
 * to Kiste's handlers. Collections below {@code /remote.php/dav/} that are not a files tree (chunked uploads) go to
 * their own {@link DavSubtree} door after the same login.
 */
public final class DavServlet extends HttpServlet {
    static final Set<String> METHODS = Set.of("OPTIONS", "GET", "HEAD", "PUT", "DELETE", "MKCOL", "COPY", "MOVE",
            "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "REPORT", "SEARCH");

    private final transient FilesService files;
    private final transient LockService locks;
    private final transient Authenticator authenticator;
    private final transient DavRouter router;
    private final transient RootPage rootPage;
    private final long maxXmlBody;
    private final transient DavDispatch dispatch = new DavDispatch();
    private final transient List<DavSubtree> subtrees;

    public DavServlet(FilesService files, LockService locks, Authenticator authenticator, DavRouter router, RootPage rootPage,
                      long maxXmlBody, List<DavSubtree> subtrees) {
        this.files = files;
        this.locks = locks;
        this.authenticator = authenticator;
        this.router = router;
        this.rootPage = rootPage;
        this.maxXmlBody = maxXmlBody;
        this.subtrees = List.copyOf(subtrees);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String raw = router.rawPath(req);
        boolean root = raw.equals("/");
        if (!root && !DavRouter.isDavPath(raw)) {
            DavErrors.send(resp, 404, "not found");
            return;
        }
        if (!METHODS.contains(method)) {
            resp.setHeader("Allow", OptionsHandler.ALLOW_TREE);
            DavErrors.send(resp, 405, "method not allowed");
            return;
        }
        if (root && (method.equals("GET") || method.equals("HEAD"))) {
            rootPage.serve(req, resp); // never a 401: browsers land here
            return;
        }
        Principal principal = null;
        if (!method.equals("OPTIONS")) {
            principal = BasicCredentials.parse(req.getHeader("Authorization"))
                    .flatMap(c -> authenticator.authenticate(c.user(), c.password())).orElse(null);
            if (principal == null) {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"Kiste\", charset=\"UTF-8\"");
                DavErrors.send(resp, 401, "login required");
                Bodies.drainUnread(req);
                return;
            }
        }
        for (DavSubtree t : subtrees) {
            if (t.owns(raw)) {
                t.serve(req, resp, principal, raw);
                if (resp.getStatus() >= 300) {
                    Bodies.drainUnread(req);
                }
                resp.flushBuffer();
                return;
            }
        }
        DavLocation location;
        try {
            location = router.route(raw, principal);
        } catch (BadRequestException e) {
            DavErrors.send(resp, 400, e.getMessage());
            return;
        }
        if (location == null) {
            if (!method.equals("OPTIONS")) {
                DavErrors.send(resp, 404, "not found");
                return;
            }
            location = new DavLocation(DavLocation.Kind.SERVER_ROOT, router.contextPath(), FilePath.ROOT);
        }
        dispatch.run(new DavExchange(req, resp, principal, location, files, locks, router, maxXmlBody), getServletContext());
    }
}
