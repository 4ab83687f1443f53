package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.kiste.dav.xml.XmlWriter;
import org.kiste.web.PageHeaders;

/** {@code GET /}: a small page naming the server and its WebDAV address; never asks for a login. */
public final class RootPage {
    private final String publicBase;

    /** @param publicBase configured public URL without trailing slash, or null to derive it from the request */
    public RootPage(String publicBase) {
        this.publicBase = publicBase;
    }

    public String base(HttpServletRequest req) {
        if (publicBase != null) {
            return publicBase;
        }
        String scheme = req.getScheme();
        int port = req.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + req.getServerName() + (defaultPort ? "" : ":" + port) + req.getContextPath();
    }

    public void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String dav = XmlWriter.escape(base(req) + "/remote.php/dav/files/USERNAME/", false);
        String shortDav = XmlWriter.escape(base(req) + "/dav/", false);
        String body =
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kiste</title></head><body>"
                        + "<h1>Kiste</h1><p>A WebDAV and Nextcloud-compatible file server.</p>"
                        + "<p>WebDAV address: <code>" + dav + "</code> (replace USERNAME with your user name)<br>"
                        + "Short address for network drives: <code>" + shortDav + "</code></p>"
                        + "<p>Nextcloud apps: add this server's address as a Nextcloud server.</p>"
                        + "</body></html>\n"; // no version: it only helps whoever looks for a known flaw
        resp.setStatus(200);
        resp.setContentType("text/html; charset=utf-8");
        PageHeaders.apply(req, resp);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(b.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(b);
        }
    }
}
