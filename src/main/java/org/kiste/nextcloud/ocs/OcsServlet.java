package org.kiste.nextcloud.ocs;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kiste.auth.BasicCredentials;
import org.kiste.auth.LoginAttempts;
import org.kiste.auth.TooManyAttempts;
import org.kiste.auth.UserService;
import org.kiste.model.FilesException;
import org.kiste.model.Principal;
import org.kiste.model.UnavailableException;
import org.kiste.web.SessionLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCS door, {@code /ocs/v1.php/…} and {@code /ocs/v2.php/…}: authenticates every request from its own
 * {@code Authorization} header (Basic), or else from the web pages' session cookie together with its
 * {@code requesttoken} header (a cookie alone is never read), finds the route, and writes the endpoint's answer
 * in the envelope of the version and format asked for. Credentials that are present but wrong get 401 even on
 * routes that work anonymously, so a client learns its password is bad.
 *
 * <p>A browser sends cached Basic credentials with a cross-site form, too, and a form can set no header: so every
 * call that changes something ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, and {@code GET
 * core/getapppassword}, which creates a secret) must carry {@code OCS-APIRequest: true}, as Nextcloud requires and
 * its clients send, or a valid session {@code requesttoken}; otherwise it is refused before any login is tried.
 */
public final class OcsServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(OcsServlet.class);
    static final String CHALLENGE = "Basic realm=\"Kiste\", charset=\"UTF-8\"";
    /** The header a call that changes something must carry, as on Nextcloud. */
    public static final String API_HEADER = "OCS-APIRequest";

    private static final List<String> SECRET_ROUTE = List.of("core", "getapppassword");

    private final transient LoginAttempts logins;
    private final transient SessionLogin sessions;
    private final transient List<OcsRoute> routes;

    /** @param sessions the web pages' sessions, taken with their {@code requesttoken} header when no Basic comes */
    public OcsServlet(LoginAttempts logins, SessionLogin sessions, List<OcsRoute> routes) {
        this.logins = logins;
        this.sessions = sessions;
        this.routes = List.copyOf(routes);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        OcsVersion version = req.getServletPath().endsWith("v1.php") ? OcsVersion.V1 : OcsVersion.V2;
        OcsFormat format = OcsFormat.of(req);
        // a failure inside (the login check included) is answered in the envelope with a plain message, never
        // with what failed
        try {
            serve(req, resp, version, format);
        } catch (UnavailableException e) {
            // the database could not be reached (the login check included): the client may try again
            log.warn("OCS {} {} failed: {}", req.getMethod(), req.getRequestURI(), e.toString());
            unavailable(resp, version, format);
        } catch (RuntimeException e) {
            log.error("OCS {} {} failed", req.getMethod(), req.getRequestURI(), e);
            OcsEnvelope.write(resp, version, format, OcsStatus.SERVER_ERROR, "Internal server error", null);
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, OcsVersion version, OcsFormat format)
            throws IOException {
        if (!intended(req)) {
            OcsEnvelope.write(
                    resp,
                    version,
                    format,
                    OcsStatus.UNAUTHORISED,
                    "CSRF check failed: this call needs the header OCS-APIRequest: true",
                    null);
            return;
        }
        Principal principal = null;
        String authorization = req.getHeader("Authorization");
        if (authorization != null) {
            Optional<Principal> p;
            try {
                p = BasicCredentials.parse(authorization)
                        .flatMap(c -> logins.logIn(req.getRemoteAddr(), c.user(), c.password()));
            } catch (TooManyAttempts e) {
                resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
                OcsEnvelope.write(resp, version, format, 429, "Too many failed logins; try again later", null);
                return;
            }
            if (p.isEmpty()) {
                unauthorised(req, resp, version, format);
                return;
            }
            principal = p.get();
        } else {
            principal = sessions.door(req).orElse(null);
        }
        List<String> path = segments(req.getPathInfo());
        OcsRoute route = null;
        List<String> params = null;
        for (OcsRoute r : routes) {
            if (r.method().equals(req.getMethod())) {
                params = r.match(path);
                if (params != null) {
                    route = r;
                    break;
                }
            }
        }
        if (route == null) {
            OcsEnvelope.write(
                    resp, version, format, OcsStatus.NOT_FOUND, "Invalid query, please check the syntax.", null);
            return;
        }
        if (route.needsLogin() && principal == null) {
            unauthorised(req, resp, version, format);
            return;
        }
        Object data;
        try {
            data = route.endpoint().handle(new OcsRequest(req, version, principal, params));
        } catch (OcsException e) {
            if (e.status() == OcsStatus.UNAUTHORISED && req.getHeader(SessionLogin.TOKEN_HEADER) == null) {
                resp.setHeader("WWW-Authenticate", CHALLENGE);
            }
            OcsEnvelope.write(resp, version, format, e.status(), e.getMessage(), null);
            return;
        } catch (UserService.UserException e) {
            OcsEnvelope.write(resp, version, format, 400, e.getMessage(), null);
            return;
        } catch (TooManyAttempts e) {
            // a password an endpoint checks (a current password, the confirmation of an app password) is held
            // back as a login would be
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            OcsEnvelope.write(resp, version, format, 429, "Too many failed attempts; try again later", null);
            return;
        } catch (FilesException e) {
            // the status each refusal of the core carries, as on every door
            OcsEnvelope.write(resp, version, format, e.httpStatus(), e.getMessage(), null);
            return;
        }
        OcsEnvelope.write(resp, version, format, OcsStatus.OK, "OK", data);
    }

    /**
     * Whether the request cannot be a cross-site form: safe calls always are fine; calls that change something
     * need {@code OCS-APIRequest: true} or a session's valid {@code requesttoken}.
     */
    private boolean intended(HttpServletRequest req) {
        String method = req.getMethod();
        boolean unsafe = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")
                || segments(req.getPathInfo()).equals(SECRET_ROUTE);
        if (!unsafe || "true".equalsIgnoreCase(req.getHeader(API_HEADER))) {
            return true;
        }
        return sessions.door(req).isPresent();
    }

    /** 503 with {@code Retry-After}: the database cannot be reached; nothing about the request was wrong. */
    private static void unavailable(HttpServletResponse resp, OcsVersion version, OcsFormat format) throws IOException {
        resp.setHeader("Retry-After", UnavailableException.RETRY_AFTER_SECONDS);
        OcsEnvelope.write(resp, version, format, 503, "Service temporarily unavailable, try again shortly", null);
    }

    private static void unauthorised(
            HttpServletRequest req, HttpServletResponse resp, OcsVersion version, OcsFormat format) throws IOException {
        // a web page whose session ended shows its own message; a challenge would make the browser ask instead
        if (req.getHeader(SessionLogin.TOKEN_HEADER) == null) {
            resp.setHeader("WWW-Authenticate", CHALLENGE);
        }
        OcsEnvelope.write(resp, version, format, OcsStatus.UNAUTHORISED, "Unauthorised", null);
    }

    /** The route below {@code /ocs/v?.php/}, split on slashes, without empty leading or trailing segments. */
    static List<String> segments(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo == null) {
            return out;
        }
        String p = pathInfo;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty()) {
            out.addAll(List.of(p.split("/", -1)));
        }
        return out;
    }
}
