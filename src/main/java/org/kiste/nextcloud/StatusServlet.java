package org.kiste.nextcloud;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code /status.php}: how Nextcloud clients recognise a server; public, no login. */
public final class StatusServlet extends HttpServlet {
    private static final byte[] BODY = ("{\"installed\":true,\"maintenance\":false,\"needsDbUpgrade\":false,"
                    + "\"version\":\"" + ServerVersion.VERSION + "\",\"versionstring\":\""
                    + ServerVersion.VERSION_STRING + "\","
                    + "\"edition\":\"\",\"productname\":\"Kiste\",\"extendedSupport\":false}")
            .getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setContentLength(BODY.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(BODY);
        }
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }
}
