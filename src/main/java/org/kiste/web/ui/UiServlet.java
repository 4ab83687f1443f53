package org.kiste.web.ui;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.kiste.auth.LoginAttempts;
import org.kiste.auth.TooManyAttempts;
import org.kiste.files.FilesService;
import org.kiste.model.FilesException;
import org.kiste.model.Principal;
import org.kiste.web.BrowserSession;
import org.kiste.web.HtmlResponse;
import org.kiste.web.Language;
import org.kiste.web.PageHeaders;
import org.kiste.web.SessionLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web interface under {@code /ui/}: the login form and logout, the page shells (whose modules do the work
 * through the WebDAV and OCS doors), downloads, and the static files. A page without a session sends the browser
 * to the login form; every POST needs the CSRF token of its session.
 */
public final class UiServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(UiServlet.class);
    private static final int MAX_LOGIN = 64;
    private static final String LOGIN_COOKIE = "kiste_login";
    private static final String LOGIN_PURPOSE = "web ui login";

    private final transient SessionLogin sessions;
    private final transient LoginAttempts accountLogins;
    private final transient Function<HttpServletRequest, String> serverUrl;
    private final transient Function<Principal, Optional<String>> chosenLanguage;
    private final transient Downloads downloads;
    private final transient StaticFiles statics = new StaticFiles();

    /**
     * @param accountLogins takes account passwords only: an app password does not open the web pages
     * @param serverUrl the absolute base URL clients should use
     * @param chosenLanguage the page language a user chose ({@code en}, {@code de}), if any; otherwise the
     *     browser's {@code Accept-Language} decides
     */
    public UiServlet(
            SessionLogin sessions,
            LoginAttempts accountLogins,
            FilesService files,
            Function<HttpServletRequest, String> serverUrl,
            Function<Principal, Optional<String>> chosenLanguage) {
        this.sessions = sessions;
        this.accountLogins = accountLogins;
        this.serverUrl = serverUrl;
        this.chosenLanguage = chosenLanguage;
        this.downloads = new Downloads(files);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String method = req.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (info.startsWith("/static/")) {
            if (!read) {
                notAllowed(resp, "GET, HEAD");
            } else if (!statics.serve(info.substring("/static/".length()), req, resp)) {
                resp.sendError(404);
            }
            return;
        }
        if (info.equals("/login")) {
            if (read) {
                loginForm(req, resp, null, "");
            } else if (method.equals("POST")) {
                logIn(req, resp);
            } else {
                notAllowed(resp, "GET, HEAD, POST");
            }
            return;
        }
        Optional<SessionLogin.Session> session = sessions.page(req);
        if (info.equals("/logout")) {
            if (!method.equals("POST")) {
                notAllowed(resp, "POST");
                return;
            }
            if (session.isPresent() && !session.get().cookie().csrfMatches(fromBody(req, "csrf"))) {
                error(req, resp, session.get(), 403, "error.forbidden.heading", "error.csrf");
                return;
            }
            sessions.end(req, resp);
            HtmlResponse.seeOther(resp, base(req) + "/ui/login");
            return;
        }
        if (!read) {
            notAllowed(resp, "GET, HEAD");
            return;
        }
        if (info.isEmpty() || info.equals("/") || info.equals("/files")) {
            HtmlResponse.seeOther(resp, base(req) + "/ui/files/");
            return;
        }
        if (session.isEmpty()) {
            String next = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
            HtmlResponse.seeOther(
                    resp, base(req) + "/ui/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        SessionLogin.Session s = session.get();
        if (info.equals("/download")) {
            download(req, resp, s);
            return;
        }
        String folder = null;
        Optional<UiPage> page;
        if (info.startsWith("/files/")) {
            page = Optional.of(UiPage.FILES);
            folder = info.substring("/files".length());
            if (folder.length() > 1 && folder.endsWith("/")) {
                folder = folder.substring(0, folder.length() - 1);
            }
        } else {
            page = UiPage.byPath(info.substring(1));
        }
        if (page.isEmpty()) {
            error(req, resp, s, 404, "error.notfound.heading", "error.notfound");
            return;
        }
        UiPage p = page.get();
        if (p.adminOnly && !s.principal().admin()) {
            error(req, resp, s, 403, "error.forbidden.heading", "error.forbidden");
            return;
        }
        List<String> bundles = new ArrayList<>(List.of("common"));
        bundles.addAll(p.bundles);
        UiMessages m = new UiMessages(lang(req, s.principal()), bundles);
        String html =
                Shell.page(new Shell.View(base(req), s.principal(), s.csrfToken(), serverUrl.apply(req), p, folder, m));
        send(req, resp, 200, html, m);
    }

    private void download(HttpServletRequest req, HttpServletResponse resp, SessionLogin.Session s) throws IOException {
        try {
            downloads.send(s.principal(), req.getParameter("path"), req, resp);
        } catch (Downloads.TooLarge e) {
            error(req, resp, s, 413, "error.title", "error.toolarge");
        } catch (FilesException e) {
            if (resp.isCommitted()) {
                throw e;
            }
            resp.reset();
            int status = e.httpStatus();
            error(req, resp, s, status, status == 404 ? "error.notfound.heading" : "error.title", errorKey(status));
        }
    }

    private static String errorKey(int status) {
        return switch (status) {
            case 403, 404, 409, 412, 423, 429, 507 -> "err." + status;
            default -> "err.403";
        };
    }

    private void loginForm(HttpServletRequest req, HttpServletResponse resp, String problem, String user)
            throws IOException {
        BrowserSession pre = BrowserSession.fromRequest(req, LOGIN_COOKIE, LOGIN_PURPOSE);
        if (pre == null) {
            pre = BrowserSession.create(LOGIN_COOKIE, LOGIN_PURPOSE);
            pre.setCookie(req, resp, base(req) + "/ui/login");
        }
        UiMessages m = new UiMessages(lang(req), List.of("common"));
        String html = Shell.login(base(req), m, pre.csrfToken(), next(req), user, problem);
        int status = problem == null
                ? 200
                : switch (problem) {
                    case "login.throttled" -> 429;
                    case "login.expired" -> 403;
                    default -> 200;
                };
        send(req, resp, status, html, m);
    }

    private void logIn(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BrowserSession pre = BrowserSession.fromRequest(req, LOGIN_COOKIE, LOGIN_PURPOSE);
        String user = prefill(req.getParameter("user"));
        if (pre == null || !pre.csrfMatches(fromBody(req, "csrf"))) {
            loginForm(req, resp, "login.expired", user);
            return;
        }
        String password = req.getParameter("password");
        Optional<Principal> who;
        try {
            who = user.isEmpty() || password == null
                    ? Optional.empty()
                    : accountLogins.logIn(req.getRemoteAddr(), user, password);
        } catch (TooManyAttempts e) {
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            loginForm(req, resp, "login.throttled", user);
            return;
        }
        if (who.isEmpty() || !sessions.begin(req, resp, who.get())) {
            log.info("web login: wrong password for '{}' from {}", user, req.getRemoteAddr());
            loginForm(req, resp, "login.wrong", user);
            return;
        }
        String next = next(req);
        HtmlResponse.seeOther(resp, next != null ? next : base(req) + "/ui/files/");
    }

    /**
     * Where to go after the login: a page of the web interface, nothing else (no open redirect). The path must be
     * one a browser keeps as it is: no {@code .} or {@code ..} segment, no encoded dot, slash or backslash, no
     * backslash, no {@code //}, only visible ASCII.
     */
    private static String next(HttpServletRequest req) {
        String next = req.getParameter("next");
        String ui = base(req) + "/ui/";
        if (next == null || !next.startsWith(ui) || next.length() > 2000) {
            return null;
        }
        for (int i = 0; i < next.length(); i++) {
            if (next.charAt(i) < 0x21 || next.charAt(i) > 0x7e) {
                return null;
            }
        }
        int end = next.length();
        for (char c : new char[] {'?', '#'}) {
            int at = next.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String path = next.substring(0, end);
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (path.contains("//")
                || next.contains("\\")
                || lower.contains("%2e")
                || lower.contains("%2f")
                || lower.contains("%5c")
                || lower.contains("%25")) {
            return null;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return next;
    }

    /** A form field from the body only: a field of the same name in the query string makes it absent. */
    private static String fromBody(HttpServletRequest req, String name) {
        String query = req.getQueryString();
        if (query != null) {
            java.util.Map<String, String> fields = new java.util.HashMap<>();
            try {
                org.eclipse.jetty.util.UrlEncoded.decodeTo(query, fields::putIfAbsent, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (fields.containsKey(name)) {
                return null;
            }
        }
        return req.getParameter(name);
    }

    private static String prefill(String user) {
        if (user == null) {
            return "";
        }
        String u = user.strip();
        return u.length() > MAX_LOGIN ? u.substring(0, MAX_LOGIN) : u;
    }

    private void error(
            HttpServletRequest req,
            HttpServletResponse resp,
            SessionLogin.Session s,
            int status,
            String heading,
            String text)
            throws IOException {
        UiMessages m = new UiMessages(lang(req, s.principal()), List.of("common"));
        send(req, resp, status, Shell.error(base(req), s.principal(), s.csrfToken(), m, heading, text), m);
    }

    private static void notAllowed(HttpServletResponse resp, String allow) throws IOException {
        resp.setHeader("Allow", allow);
        resp.sendError(405);
    }

    private static String base(HttpServletRequest req) {
        return req.getContextPath() == null ? "" : req.getContextPath();
    }

    private static String lang(HttpServletRequest req) {
        return Language.choose(req.getHeader("Accept-Language")).getLanguage();
    }

    /** The user's own choice of language, else the browser's. */
    private String lang(HttpServletRequest req, Principal user) {
        return chosenLanguage.apply(user).filter(Language.SUPPORTED::contains).orElseGet(() -> lang(req));
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, int status, String html, UiMessages m)
            throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html; charset=utf-8");
        resp.setHeader("Content-Language", m.lang());
        resp.setHeader("Vary", "Accept-Language, Cookie");
        resp.setHeader("Cache-Control", "no-store");
        PageHeaders.applyApp(req, resp);
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(body);
        }
    }
}
