package org.kiste.web.publiclink;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.kiste.auth.TooManyAttempts;
import org.kiste.blob.BlobReader;
import org.kiste.files.ContentPolicy;
import org.kiste.files.EntryView;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.model.FilesException;
import org.kiste.model.ForbiddenException;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.share.link.DropUpload;
import org.kiste.share.link.LinkGate;
import org.kiste.web.BlobBody;
import org.kiste.web.BrowserSession;
import org.kiste.web.HtmlResponse;
import org.kiste.web.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public link pages under {@code /s/} and {@code /index.php/s/}: {@code GET {token}[?path=/sub]} shows the
 * password form, the file, the folder listing or the upload-only form; {@code POST {token}/authenticate} checks
 * the password; {@code GET {token}/download[?path=/sub/f.txt]} sends a file, or a folder as a zip archive; {@code POST {token}/upload[?path=]}
 * stores files from a multipart form. Every POST needs the page's session cookie and its CSRF token. The link is
 * looked up on every request: an expired or revoked link answers 404 at once.
 */
public final class LinkPagesServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LinkPagesServlet.class);
    private static final String MESSAGES = "org.kiste.web.publiclink.messages";
    private static final String FORM_COOKIE = "kiste_link_form";
    private static final String PURPOSE = "public link";
    /** Entries a folder page lists at most. */
    static final int MAX_ENTRIES = 2000;

    private final transient FilesService files;
    private final transient LinkGate gate;
    private final transient LinkUnlock unlock;

    public LinkPagesServlet(FilesService files, LinkGate gate, Clock clock) {
        this.files = files;
        this.gate = gate;
        this.unlock = new LinkUnlock(clock);
    }

    /** The parts of the request path below the servlet: the link token and the step (empty for the page). */
    private record Target(String token, String step) {
        static Optional<Target> of(HttpServletRequest req) {
            String info = req.getPathInfo();
            if (info == null || info.length() < 2) {
                return Optional.empty();
            }
            String[] parts = info.substring(1).split("/", -1);
            if (parts.length == 1 || parts.length == 2 && parts[1].isEmpty()) {
                return Optional.of(new Target(parts[0], ""));
            }
            if (parts.length == 2
                    && (parts[1].equals("download") || parts[1].equals("authenticate") || parts[1].equals("upload"))) {
                return Optional.of(new Target(parts[0], parts[1]));
            }
            return Optional.empty();
        }
    }

    /** One request: its language, link, and the page's own address. */
    private record Visit(HttpServletRequest req, HttpServletResponse resp, Messages m, Share link, String page) {}

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Messages m = Messages.forAcceptLanguage(MESSAGES, req.getHeader("Accept-Language"));
        Optional<Target> target = Target.of(req);
        if (target.isEmpty()) {
            send(req, resp, 404, LinkPages.error(m, "error.unknown", null), m);
            return;
        }
        Target t = target.get();
        String method = req.getMethod();
        boolean post = t.step().equals("authenticate") || t.step().equals("upload");
        if (post ? !method.equals("POST") : !(method.equals("GET") || method.equals("HEAD"))) {
            resp.setHeader("Allow", post ? "POST" : "GET, HEAD");
            send(req, resp, 405, LinkPages.error(m, "error.denied", null), m);
            return;
        }
        Optional<Share> link = gate.find(t.token());
        if (link.isEmpty()) {
            send(req, resp, 404, LinkPages.error(m, "error.unknown", null), m);
            return;
        }
        Visit v = new Visit(req, resp, m, link.get(), req.getContextPath() + req.getServletPath() + "/" + t.token());
        try {
            switch (t.step()) {
                case "authenticate" -> authenticate(v);
                case "download" -> download(v);
                case "upload" -> upload(v);
                default -> show(v);
            }
        } catch (FilesException e) {
            // the status each refusal carries, as on every door; the page names the kind of refusal in words
            int status = e.httpStatus();
            String key = switch (status) {
                case 404, 400 -> "error.notfound";
                case 403, 423 -> "error.denied";
                case 507 -> "error.quota";
                default -> "error.server";
            };
            send(req, resp, status, LinkPages.error(m, key, null), m);
        } catch (DropUpload.BodyGoneException e) {
            send(req, resp, 409, LinkPages.error(m, "error.server", null), m);
        }
    }

    // ---- the page ------------------------------------------------------------------------------------------

    private void show(Visit v) throws IOException {
        if (!unlock.unlocked(v.req(), v.link())) {
            try {
                gate.checkThrottle(v.link(), v.req().getRemoteAddr());
            } catch (TooManyAttempts e) {
                throttled(v, e);
                return;
            }
            BrowserSession s = session(v);
            send(v, 200, LinkPages.passwordForm(v.m(), v.page() + "/authenticate", s.csrfToken(), false));
            return;
        }
        Principal visitor = visitor(v);
        Share link = v.link();
        String owner = link.ownerDisplayName();
        if (LinkGate.isDrop(link)) {
            BrowserSession s = session(v);
            send(v, 200, LinkPages.drop(v.m(), owner, link.note(), title(link), v.page() + "/upload", s.csrfToken()));
            return;
        }
        if (!link.folder()) {
            Resolved file = linkedFile(visitor);
            send(
                    v,
                    200,
                    LinkPages.file(
                            v.m(),
                            owner,
                            link.note(),
                            file.node().name(),
                            file.node().size(),
                            file.node().mtime(),
                            link.hideDownload() ? null : v.page() + "/download"));
            return;
        }
        FilePath path = pathParam(v.req());
        Resolved at = files.resolve(visitor, path);
        if (!at.isFolder()) {
            send(
                    v,
                    200,
                    LinkPages.file(
                            v.m(),
                            owner,
                            link.note(),
                            at.node().name(),
                            at.node().size(),
                            at.node().mtime(),
                            link.hideDownload() ? null : download(v, path)));
            return;
        }
        List<LinkPages.Entry> entries = new ArrayList<>();
        files.list(visitor, at, 500, page -> {
            for (Node n : page) {
                if (entries.size() >= MAX_ENTRIES) {
                    return;
                }
                FilePath p = path.child(n.name());
                entries.add(new LinkPages.Entry(
                        n.name(),
                        n.isFolder(),
                        n.size(),
                        n.mtime(),
                        n.isFolder() ? pageAt(v, p) : null,
                        n.isFolder() || link.hideDownload() ? null : download(v, p)));
            }
        });
        entries.sort(Comparator.comparing((LinkPages.Entry e) -> !e.folder()));
        List<String[]> crumbs = new ArrayList<>();
        FilePath walked = FilePath.ROOT;
        for (String name : path.names()) {
            walked = walked.child(name);
            crumbs.add(new String[] {name, pageAt(v, walked)});
        }
        String upload = null;
        String csrf = null;
        if (files.views(visitor(v)).of(at).can(EntryView.Action.CREATE)) {
            upload = v.page() + "/upload" + query(path);
            csrf = session(v).csrfToken();
        }
        send(
                v,
                200,
                LinkPages.folder(
                        v.m(),
                        owner,
                        link.note(),
                        title(link),
                        crumbs,
                        path.isRoot() ? null : pageAt(v, path.parent()),
                        entries,
                        MAX_ENTRIES,
                        link.hideDownload() ? null : download(v, path),
                        upload,
                        csrf));
    }

    // ---- password --------------------------------------------------------------------------------------------

    private void authenticate(Visit v) throws IOException {
        BrowserSession s = BrowserSession.fromRequest(v.req(), FORM_COOKIE, PURPOSE);
        if (s == null || !s.csrfMatches(v.req().getParameter("csrf"))) {
            send(v, 403, LinkPages.error(v.m(), "error.forbidden", null));
            return;
        }
        String address = v.req().getRemoteAddr();
        LinkGate.Check check;
        try {
            check = gate.checkPassword(v.link(), v.req().getParameter("password"), address);
        } catch (TooManyAttempts e) {
            throttled(v, e);
            return;
        }
        if (check == LinkGate.Check.OK) {
            unlock.grant(v.req(), v.resp(), v.link(), v.page());
            HtmlResponse.seeOther(v.resp(), v.page());
            return;
        }
        log.info("public link {}: wrong password from {}", v.link().id(), address);
        try {
            gate.checkThrottle(v.link(), address);
        } catch (TooManyAttempts e) {
            throttled(v, e);
            return;
        }
        send(v, 200, LinkPages.passwordForm(v.m(), v.page() + "/authenticate", s.csrfToken(), true));
    }

    private void throttled(Visit v, TooManyAttempts e) throws IOException {
        v.resp().setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        send(v, 429, LinkPages.error(v.m(), "error.throttled", null));
    }

    // ---- download --------------------------------------------------------------------------------------------

    private void download(Visit v) throws IOException {
        if (!unlock.unlocked(v.req(), v.link())) {
            HtmlResponse.seeOther(v.resp(), v.page());
            return;
        }
        Principal visitor = visitor(v);
        Share link = v.link();
        if (LinkGate.isDrop(link)) {
            // nothing of a drop folder is ever sent, and asking tells nothing about what is there
            throw new NotFoundException("drop");
        }
        if (link.hideDownload()) {
            throw new ForbiddenException("downloads are hidden");
        }
        Resolved file = link.folder() ? files.resolve(visitor, pathParam(v.req())) : linkedFile(visitor);
        if (file.isFolder()) {
            zip(v, visitor, file);
            return;
        }
        HttpServletResponse resp = v.resp();
        Node n = file.node();
        boolean head = v.req().getMethod().equals("HEAD");
        // opened before anything is sent: content that cannot be read fails with a clean error, not a cut 200
        try (BlobReader content = head ? null : files.open(visitor, file)) {
            send(resp, n, head, content);
        }
    }

    private static void send(HttpServletResponse resp, Node n, boolean head, BlobReader content) throws IOException {
        resp.setStatus(200);
        // the link page's download button always saves, whatever the type
        ContentPolicy.download(n.mime(), n.name()).forEach(resp::setHeader);
        resp.setContentLengthLong(n.size());
        resp.setHeader("ETag", "\"" + n.etag() + "\"");
        resp.setDateHeader("Last-Modified", n.mtime());
        resp.setHeader("Cache-Control", "private, no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (head || content == null) {
            return;
        }
        BlobBody.send(resp, content, 0, content.size());
    }

    /** A folder as one zip archive, named after it (the link's title at the link's own folder). */
    private void zip(Visit v, Principal visitor, Resolved folder) throws IOException {
        String name = folder.path().isRoot() ? title(v.link()) : folder.node().name();
        if (name.isBlank()) {
            name = "download";
        }
        FolderZip zip;
        try {
            zip = FolderZip.of(files, visitor, folder, name);
        } catch (FolderZip.TooLargeException e) {
            send(v, 413, LinkPages.error(v.m(), "error.toolarge", null));
            return;
        }
        HttpServletResponse resp = v.resp();
        resp.setStatus(200);
        resp.setContentType("application/zip");
        resp.setHeader("Content-Disposition", "attachment" + ContentPolicy.filename(name + ".zip"));
        resp.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        resp.setHeader("Cache-Control", "private, no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (!v.req().getMethod().equals("HEAD")) {
            zip.write(resp.getOutputStream());
        }
    }

    // ---- upload ----------------------------------------------------------------------------------------------

    private void upload(Visit v) throws IOException {
        if (!unlock.unlocked(v.req(), v.link())) {
            send(v, 403, LinkPages.error(v.m(), "error.forbidden", null));
            return;
        }
        Principal visitor = visitor(v);
        Share link = v.link();
        boolean drop = LinkGate.isDrop(link);
        if (!link.folder()) {
            throw new ForbiddenException("a file link takes no uploads");
        }
        // everything that can refuse is decided on the head, before a byte of the body is read: the session and
        // the CSRF token (in the form's address, not in its body), the folder, the right to create, and the room
        BrowserSession s = BrowserSession.fromRequest(v.req(), FORM_COOKIE, PURPOSE);
        if (s == null || !s.csrfMatches(queryParam(v.req(), "csrf"))) {
            send(v, 403, LinkPages.error(v.m(), "error.forbidden", null));
            return;
        }
        // a drop link stores at its top, whatever the address says
        String at = queryParam(v.req(), "path");
        FilePath path = drop || at == null || at.isEmpty() ? FilePath.ROOT : FilePath.parse(at);
        Resolved folder = files.resolve(visitor, path);
        if (!folder.isFolder()) {
            throw new NotFoundException(path.toString());
        }
        folder.perms().require(Perms.CREATE, "upload here");
        long length = v.req().getContentLengthLong();
        if (length < 0) {
            send(v, 411, LinkPages.error(v.m(), "error.nofiles", null));
            return;
        }
        // the whole form counts against the owner's room before it is read; each file is decided again as it is
        // stored
        long room = files.room(folder.node().spaceId());
        if (length > room) {
            throw new InsufficientStorageException(
                    "not enough space: " + length + " bytes sent, " + room + " available", true);
        }
        List<Part> parts;
        try {
            parts = List.copyOf(v.req().getParts());
        } catch (ServletException | IllegalStateException e) {
            send(v, 400, LinkPages.error(v.m(), "error.nofiles", null));
            return;
        }
        List<String> names = new ArrayList<>();
        for (Part part : parts) {
            String submitted = part.getSubmittedFileName();
            if (!"files".equals(part.getName()) || submitted == null || submitted.isEmpty()) {
                continue;
            }
            // old browsers send the whole client-side path
            String name = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
            try {
                FilePath.name(name);
            } catch (BadRequestException e) {
                send(v, 400, LinkPages.error(v.m(), "error.badname", name));
                return;
            }
            DropUpload.store(files, visitor, folder, name, part::getInputStream, part.getSize(), part.getContentType());
            names.add(name);
        }
        if (names.isEmpty()) {
            send(v, 400, LinkPages.error(v.m(), "error.nofiles", null));
            return;
        }
        log.info(
                "public link {}: {} file(s) uploaded from {}",
                link.id(),
                names.size(),
                v.req().getRemoteAddr());
        if (drop) {
            send(v, 200, LinkPages.thanks(v.m(), names, v.page()));
        } else {
            HtmlResponse.seeOther(v.resp(), pageAt(v, path));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Principal visitor(Visit v) {
        return gate.visitor(v.link()).orElseThrow(() -> new NotFoundException("link"));
    }

    /** The file of a file link: the root of the visitor's tree. */
    private Resolved linkedFile(Principal visitor) {
        return files.resolve(visitor, FilePath.ROOT);
    }

    /** The link's title: its label, or the linked folder's name. */
    private String title(Share link) {
        if (link.label() != null && !link.label().isBlank()) {
            return link.label();
        }
        return files.nodeName(link.nodeId()).orElse("");
    }

    /** The page's own form session, made (and its cookie set) when the browser has none yet. */
    private static BrowserSession session(Visit v) {
        BrowserSession s = BrowserSession.fromRequest(v.req(), FORM_COOKIE, PURPOSE);
        if (s == null) {
            s = BrowserSession.create(FORM_COOKIE, PURPOSE);
            s.setCookie(v.req(), v.resp(), v.page());
        }
        return s;
    }

    /** A parameter of the query string only: reading the form's parameters would read a multipart body. */
    private static String queryParam(HttpServletRequest req, String name) {
        String q = req.getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static FilePath pathParam(HttpServletRequest req) {
        String p = req.getParameter("path");
        return p == null || p.isEmpty() ? FilePath.ROOT : FilePath.parse(p);
    }

    private static String pageAt(Visit v, FilePath path) {
        return v.page() + query(path);
    }

    private static String download(Visit v, FilePath path) {
        return v.page() + "/download" + query(path);
    }

    private static String query(FilePath path) {
        return path.isRoot()
                ? ""
                : "?path="
                        + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8)
                                .replace("+", "%20")
                                .replace("%2F", "/");
    }

    /** RFC 6266: an ASCII fallback name and the exact name in UTF-8. */
    private static void send(Visit v, int status, String html) throws IOException {
        send(v.req(), v.resp(), status, html, v.m());
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, int status, String html, Messages m)
            throws IOException {
        HtmlResponse.send(req, resp, status, html, m.lang());
    }
}
