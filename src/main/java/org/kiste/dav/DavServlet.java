package org.kiste.dav;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.kiste.auth.BasicCredentials;
import org.kiste.auth.LoginAttempts;
import org.kiste.auth.TooManyAttempts;
import org.kiste.files.FilesService;
import org.kiste.model.Principal;
import org.kiste.model.UnavailableException;
import org.kiste.web.SessionLogin;

/**
 * The WebDAV front door. Request hygiene happens here before Milton sees anything: a method allow-list (Milton
 * answers 500 to verbs outside its enum), login (Basic, UTF-8), routing to the user's tree; then Milton dispatches
 * to Kiste's handlers, which find every request's node in one {@link DavTree}: the user's files and the areas beside
 * them (chunked uploads, the trash bin).
 */
public final class DavServlet extends HttpServlet {
    static final Set<String> METHODS = Set.of(
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
            "UNLOCK",
            "REPORT",
            "SEARCH");

    private final transient FilesService files;
    private final transient LoginAttempts logins;
    private final transient DavRouter router;
    private final transient RootPage rootPage;
    private final long maxXmlBody;
    private final transient DavTree tree;
    private final transient DavDispatch dispatch;
    private final transient List<DavPost> posts;
    private final transient SessionLogin sessions;

    /**
     * @param sessions the web pages' sessions, taken with their {@code requesttoken} header when no Basic
     *     credentials come
     * @param posts POST doors beside the trees (Nextcloud's bulk upload)
     */
    public DavServlet(
            FilesService files,
            LoginAttempts logins,
            SessionLogin sessions,
            DavRouter router,
            RootPage rootPage,
            long maxXmlBody,
            List<DavArea> areas,
            List<DavPost> posts) {
        this.files = files;
        this.logins = logins;
        this.sessions = sessions;
        this.router = router;
        this.rootPage = rootPage;
        this.maxXmlBody = maxXmlBody;
        this.tree = new DavTree(areas);
        this.dispatch = new DavDispatch(tree);
        this.posts = List.copyOf(posts);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        // clients that join a base ending in "/" with a path beginning with "/" send "//": one slash is meant
        String raw = Hrefs.collapseSlashes(router.rawPath(req));
        boolean root = raw.equals("/");
        if (!root && !DavRouter.isDavPath(raw)) {
            DavErrors.send(resp, 404, "not found");
            return;
        }
        DavPost post = method.equals("POST") ? postDoor(raw) : null;
        if (!METHODS.contains(method) && post == null) {
            resp.setHeader("Allow", OptionsHandler.ALLOW_TREE);
            DavErrors.send(resp, 405, "method not allowed");
            return;
        }
        if (root && (method.equals("GET") || method.equals("HEAD"))) {
            if (BrowserLanding.wanted(req)) {
                BrowserLanding.redirect(req, resp);
            } else {
                rootPage.serve(req, resp); // never a 401: browsers land here
            }
            return;
        }
        Principal principal = null;
        if (!method.equals("OPTIONS")) {
            try {
                String authorization = req.getHeader("Authorization");
                principal = authorization == null
                        ? sessions.door(req).orElse(null)
                        : BasicCredentials.parse(authorization)
                                .flatMap(c -> logins.logIn(req.getRemoteAddr(), c.user(), c.password()))
                                .orElse(null);
            } catch (TooManyAttempts e) {
                resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
                DavErrors.send(resp, 429, "too many failed logins; try again later");
                Bodies.drainUnread(req);
                return;
            } catch (UnavailableException e) {
                // the login could not be checked: the client may try again, it was not refused
                DavErrors.answer(resp, method, req.getRequestURI(), e, id -> "");
                Bodies.drainUnread(req);
                return;
            }
            if (principal == null) {
                // a web page whose session ended shows its own message; a challenge would make the browser ask
                if (req.getHeader(SessionLogin.TOKEN_HEADER) == null) {
                    resp.setHeader("WWW-Authenticate", "Basic realm=\"Kiste\", charset=\"UTF-8\"");
                }
                DavErrors.send(resp, 401, "login required");
                Bodies.drainUnread(req);
                return;
            }
        }
        // a signed-in client refused on its head (a chunk over the quota, a read-only folder) reads its answer
        Bodies.signedIn(req);
        if (post != null) {
            post(post, req, resp, principal);
            return;
        }
        dispatch.run(new DavExchange(req, resp, principal, raw, tree, router, files, maxXmlBody), getServletContext());
    }

    private DavPost postDoor(String raw) {
        for (DavPost p : posts) {
            if (p.owns(raw)) {
                return p;
            }
        }
        return null;
    }

    private static void post(DavPost door, HttpServletRequest req, HttpServletResponse resp, Principal principal)
            throws IOException {
        try {
            door.post(req, resp, principal);
        } catch (IOException | RuntimeException e) {
            if (resp.isCommitted()) {
                throw e;
            }
            resp.resetBuffer();
            DavErrors.answer(resp, req.getMethod(), req.getRequestURI(), e, id -> "");
        }
        if (resp.getStatus() >= 300) {
            Bodies.drainUnread(req);
        }
        resp.flushBuffer();
    }
}
