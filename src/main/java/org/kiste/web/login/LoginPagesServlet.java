package org.kiste.web.login;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.kiste.auth.LoginAttempts;
import org.kiste.auth.LoginFlows;
import org.kiste.auth.TooManyAttempts;
import org.kiste.model.LoginFlow;
import org.kiste.model.Principal;
import org.kiste.web.BrowserSession;
import org.kiste.web.HtmlResponse;
import org.kiste.web.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of Login Flow v2 under {@code …/login/v2/flow/}: {@code GET {token}} binds a browser session
 * to the flow and shows the login form (or, once logged in, the grant question); {@code POST {token}/login}
 * checks the account password (never an app password); {@code POST {token}/grant} creates the app password.
 * Every POST needs the session cookie and its CSRF token.
 */
public final class LoginPagesServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LoginPagesServlet.class);
    private static final int MAX_LOGIN = 64;
    private static final String MESSAGES = "org.kiste.web.login.messages";
    private static final String COOKIE = "kiste_login_flow";
    private static final String PURPOSE = "login flow";

    private final LoginFlows flows;
    private final LoginAttempts accountLogins;

    /** @param accountLogins takes account passwords only: app passwords must not open these pages */
    public LoginPagesServlet(LoginFlows flows, LoginAttempts accountLogins) {
        this.flows = flows;
        this.accountLogins = accountLogins;
    }

    /** The parts of the request path below the servlet: the login token and the step (empty for the landing). */
    private record Target(String token, String step) {
        static Optional<Target> of(HttpServletRequest req) {
            String info = req.getPathInfo();
            if (info == null || info.length() < 2) {
                return Optional.empty();
            }
            String[] parts = info.substring(1).split("/", -1);
            if (parts.length == 1) {
                return Optional.of(new Target(parts[0], ""));
            }
            if (parts.length == 2 && (parts[1].equals("login") || parts[1].equals("grant"))) {
                return Optional.of(new Target(parts[0], parts[1]));
            }
            return Optional.empty();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Messages m = Messages.forAcceptLanguage(MESSAGES, req.getHeader("Accept-Language"));
        Optional<Target> target = Target.of(req);
        if (target.isEmpty()) {
            send(req, resp, 404, LoginPages.error(m, "error.unknown"), m);
            return;
        }
        Target t = target.get();
        boolean landing = t.step().isEmpty();
        String method = req.getMethod();
        if (landing ? !(method.equals("GET") || method.equals("HEAD")) : !method.equals("POST")) {
            resp.setHeader("Allow", landing ? "GET, HEAD" : "POST");
            send(req, resp, 405, LoginPages.error(m, "error.unknown"), m);
            return;
        }
        Optional<LoginFlow> flow = flows.find(t.token());
        if (flow.isEmpty()) {
            send(req, resp, 404, LoginPages.error(m, "error.unknown"), m);
            return;
        }
        LoginFlow f = flow.get();
        String flowPath = req.getContextPath() + req.getServletPath() + "/" + t.token();
        if (landing) {
            land(req, resp, m, f, flowPath);
            return;
        }
        BrowserSession session = BrowserSession.fromRequest(req, COOKIE, PURPOSE);
        if (session == null || !session.matches(f.sessionHash()) || !session.csrfMatches(req.getParameter("csrf"))) {
            send(req, resp, 403, LoginPages.error(m, "error.forbidden"), m);
            return;
        }
        if (!f.open()) {
            send(req, resp, 403, LoginPages.error(m, "error.used"), m);
            return;
        }
        if (t.step().equals("login")) {
            logIn(req, resp, m, f, session, flowPath);
        } else {
            grant(req, resp, m, f, session, flowPath);
        }
    }

    private void land(HttpServletRequest req, HttpServletResponse resp, Messages m, LoginFlow f, String flowPath)
            throws IOException {
        if (!f.open()) {
            send(req, resp, 403, LoginPages.error(m, "error.used"), m);
            return;
        }
        BrowserSession session = BrowserSession.fromRequest(req, COOKIE, PURPOSE);
        if (session != null && session.matches(f.sessionHash())) {
            if (f.loggedIn()) {
                send(
                        req,
                        resp,
                        200,
                        LoginPages.grant(m, f.clientName(), f.loginName(), flowPath + "/grant", session.csrfToken()),
                        m);
            } else if (flows.closedToLogins(f)) {
                send(req, resp, 429, LoginPages.error(m, "error.throttled.flow"), m);
            } else {
                send(
                        req,
                        resp,
                        200,
                        LoginPages.loginForm(
                                m,
                                f.clientName(),
                                flowPath + "/login",
                                session.csrfToken(),
                                prefill(req.getParameter("user")),
                                false),
                        m);
            }
            return;
        }
        if (f.loggedIn()) {
            // someone has logged in to this flow in another browser: the link is theirs now
            send(req, resp, 403, LoginPages.error(m, "error.elsewhere"), m);
            return;
        }
        if (flows.closedToLogins(f)) {
            send(req, resp, 429, LoginPages.error(m, "error.throttled.flow"), m);
            return;
        }
        BrowserSession fresh = BrowserSession.create(COOKIE, PURPOSE);
        if (!flows.bindSession(f, fresh.hash())) {
            send(req, resp, 403, LoginPages.error(m, "error.elsewhere"), m);
            return;
        }
        fresh.setCookie(req, resp, flowPath);
        send(
                req,
                resp,
                200,
                LoginPages.loginForm(
                        m,
                        f.clientName(),
                        flowPath + "/login",
                        fresh.csrfToken(),
                        prefill(req.getParameter("user")),
                        false),
                m);
    }

    private void logIn(
            HttpServletRequest req,
            HttpServletResponse resp,
            Messages m,
            LoginFlow f,
            BrowserSession session,
            String flowPath)
            throws IOException {
        if (f.loggedIn()) {
            seeOther(resp, flowPath);
            return;
        }
        String user = prefill(req.getParameter("user"));
        String password = req.getParameter("password");
        // counted before it is checked: of concurrent attempts on one flow, no more than its limit are checked
        if (!flows.countLoginAttempt(f)) {
            send(req, resp, 429, LoginPages.error(m, "error.throttled.flow"), m);
            return;
        }
        String address = req.getRemoteAddr();
        Optional<Principal> who;
        try {
            who = user.isEmpty() || password == null ? Optional.empty() : accountLogins.logIn(address, user, password);
        } catch (TooManyAttempts e) {
            flows.uncountLoginAttempt(f);
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            send(req, resp, 429, LoginPages.error(m, "error.throttled.address"), m);
            return;
        }
        if (who.isEmpty()) {
            log.info("login flow {}: wrong password for '{}' from {}", f.id(), user, address);
            if (flows.closedToLoginsNow(f)) {
                send(req, resp, 429, LoginPages.error(m, "error.throttled.flow"), m);
            } else {
                send(
                        req,
                        resp,
                        200,
                        LoginPages.loginForm(m, f.clientName(), flowPath + "/login", session.csrfToken(), user, true),
                        m);
            }
            return;
        }
        flows.uncountLoginAttempt(f);
        // a new session id after the login, so an id planted or seen before it is worth nothing
        BrowserSession next = BrowserSession.create(COOKIE, PURPOSE);
        if (!flows.logIn(f, session.hash(), next.hash(), who.get())) {
            send(req, resp, 403, LoginPages.error(m, "error.forbidden"), m);
            return;
        }
        next.setCookie(req, resp, flowPath);
        seeOther(resp, flowPath);
    }

    private void grant(
            HttpServletRequest req,
            HttpServletResponse resp,
            Messages m,
            LoginFlow f,
            BrowserSession session,
            String flowPath)
            throws IOException {
        if (!f.loggedIn()) {
            seeOther(resp, flowPath);
            return;
        }
        boolean granted;
        try {
            granted = flows.grant(f, session.hash());
        } catch (RuntimeException e) {
            log.error("login flow {}: granting access failed", f.id(), e);
            send(req, resp, 500, LoginPages.error(m, "error.server"), m);
            return;
        }
        if (!granted) {
            send(req, resp, 403, LoginPages.error(m, "error.used"), m);
            return;
        }
        log.info("login flow {}: '{}' granted access to '{}'", f.id(), f.loginName(), f.clientName());
        send(req, resp, 200, LoginPages.done(m, f.clientName()), m);
    }

    private static String prefill(String user) {
        if (user == null) {
            return "";
        }
        String u = user.strip();
        return u.length() > MAX_LOGIN ? u.substring(0, MAX_LOGIN) : u;
    }

    private static void seeOther(HttpServletResponse resp, String path) {
        HtmlResponse.seeOther(resp, path);
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, int status, String html, Messages m)
            throws IOException {
        HtmlResponse.send(req, resp, status, html, m.lang());
    }
}
