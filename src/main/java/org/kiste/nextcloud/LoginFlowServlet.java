package org.kiste.nextcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.kiste.auth.LoginFlows;
import org.kiste.auth.TooManyAttempts;

/**
 * The client side of Login Flow v2: {@code POST /index.php/login/v2} starts a flow, {@code POST …/login/v2/poll}
 * (token in a form body or in the query string) answers {@code 404 []} until the user granted access, then once
 * the app password. No authentication; the poll token is the credential. Starts are throttled per client address
 * (429 with {@code Retry-After}).
 */
public final class LoginFlowServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NOT_YET = "[]".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_CLIENT_NAME = 255;

    private final LoginFlows flows;
    private final Function<HttpServletRequest, String> base;

    /** @param base the base URL clients use for a request: scheme, host, port and prefix, no trailing slash */
    public LoginFlowServlet(LoginFlows flows, Function<HttpServletRequest, String> base) {
        this.flows = flows;
        this.base = base;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sub = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (!sub.equals("/") && !sub.equals("/poll")) {
            resp.sendError(404);
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            resp.sendError(405);
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        if (sub.equals("/")) {
            start(req, resp);
        } else {
            poll(req, resp);
        }
    }

    private void start(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String agent = req.getHeader("User-Agent");
        String client = agent == null || agent.isBlank() ? "unknown client" : clip(agent.strip());
        LoginFlows.Started s;
        try {
            s = flows.start(client, req.getRemoteAddr());
        } catch (TooManyAttempts e) {
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            send(resp, 429, JSON.writeValueAsBytes(JSON.createObjectNode().put("message", "Too many login attempts")));
            return;
        }
        String b = base.apply(req);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("poll").put("token", s.pollToken()).put("endpoint", b + "/index.php/login/v2/poll");
        body.put("login", b + "/index.php/login/v2/flow/" + s.loginToken());
        send(resp, 200, JSON.writeValueAsBytes(body));
    }

    private void poll(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // getParameter reads both the query string and an application/x-www-form-urlencoded body
        Optional<LoginFlows.Granted> granted = flows.poll(req.getParameter("token"));
        if (granted.isEmpty()) {
            send(resp, 404, NOT_YET);
            return;
        }
        ObjectNode body = JSON.createObjectNode()
                .put("server", base.apply(req))
                .put("loginName", granted.get().loginName())
                .put("appPassword", granted.get().appPassword());
        send(resp, 200, JSON.writeValueAsBytes(body));
    }

    /** At most 255 characters, not splitting a surrogate pair. */
    private static String clip(String s) {
        if (s.length() <= MAX_CLIENT_NAME) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_CLIENT_NAME - 1)) ? MAX_CLIENT_NAME - 1 : MAX_CLIENT_NAME;
        return s.substring(0, end);
    }

    private static void send(HttpServletResponse resp, int status, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
