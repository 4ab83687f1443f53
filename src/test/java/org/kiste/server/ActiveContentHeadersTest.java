package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.config.Version;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Stored bytes never run in Kiste's origin, on every door that serves them (WebDAV under each URL family, the
 * trash bin, the uploads area, public link DAV, the link pages): active types are attachments in a sandbox,
 * only a short list of display-only types stays inline, and every answer says nosniff. Kiste's own pages carry
 * a policy with no script, no framing, no Referer, and HSTS when the request came over HTTPS.
 */
class ActiveContentHeadersTest {
    private static final String HTML = "<html><script>fetch('/ocs/v2.php/core/getapppassword')</script></html>";
    private static final String SVG =
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.domain)</script></svg>";
    private static KisteServer proxied;
    private static String proxiedBase;
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    @BeforeAll
    static void start() throws Exception {
        KisteConfig cfg = KisteConfig.from(new Settings(
                Map.of(
                        "port", "0",
                        "bind", "127.0.0.1",
                        "data", TestServer.get().dataDir.toString(),
                        "proxies.trusted", "127.0.0.1"),
                Map.of()));
        proxied = new KisteServer(TestServer.get().backend, cfg);
        proxied.start();
        proxiedBase = "http://127.0.0.1:" + proxied.port();
    }

    @AfterAll
    static void stop() {
        proxied.stop();
    }

    /** An answer for active content: saved, never shown, sandboxed, not sniffed. */
    private static void attachment(HttpResponse<?> r, String name) {
        assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .as(r.uri().toString())
                .startsWith("attachment;")
                .contains("filename*=UTF-8''" + name);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                .as(r.uri().toString())
                .contains("default-src 'none'", "sandbox");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    private static void inline(HttpResponse<?> r, String type) {
        assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .as(r.uri().toString())
                .hasValue(type);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline;");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'")
                .doesNotContain("script-src 'self'", "'unsafe-eval'");
    }

    @Test
    void activeTypesAreSandboxedAttachmentsUnderEveryWebDavUrl() {
        String owner = ts.newUser("act");
        Dav dav = ts.dav(owner);
        dav.put("x.html", HTML);
        dav.put("x.svg", SVG);
        dav.put("x.xml", "<?xml version=\"1.0\"?><a/>");
        dav.put("x.js", "alert(1)");
        dav.put("noext", HTML, "Content-Type", "text/html");
        for (String url :
                new String[] {dav.url("x.html"), ts.baseUrl + "/remote.php/webdav/x.html", ts.baseUrl + "/dav/x.html"
                }) {
            HttpResponse<String> r = dav.send("GET", url, null);
            attachment(r, "x.html");
            assertThat(r.body()).isEqualTo(HTML); // clients still get the bytes and the type
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        }
        attachment(dav.get("x.svg"), "x.svg");
        attachment(dav.get("x.xml"), "x.xml");
        attachment(dav.get("x.js"), "x.js");
        attachment(dav.get("noext"), "noext");
        // a HEAD says the same
        attachment(dav.head("x.html"), "x.html");
    }

    @Test
    void displayOnlyTypesStayInlineAndACamouflagedPageIsNotSniffed() {
        Dav dav = ts.dav(ts.newUser("inl"));
        dav.put("p.png", "\u0089PNG");
        dav.put("t.txt", "plain");
        dav.put("d.pdf", "%PDF-1.4");
        // HTML bytes under a safe name: served as an image, and nosniff keeps the browser from guessing HTML
        dav.put("fake.png", HTML);
        inline(dav.get("p.png"), "image/png");
        inline(dav.get("fake.png"), "image/png");
        HttpResponse<String> t = dav.get("t.txt");
        inline(t, "text/plain");
        assertThat(t.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");
        HttpResponse<String> pdf = dav.get("d.pdf");
        inline(pdf, "application/pdf");
        // the browser's PDF viewer does not work in a sandbox; the document still runs no script of its own
        assertThat(pdf.headers().firstValue("Content-Security-Policy").orElse(""))
                .doesNotContain("sandbox")
                .contains("script-src 'none'");
    }

    @Test
    void theTrashBinAndTheUploadsAreaAreSandboxedToo() {
        Dav dav = ts.dav(ts.newUser("actt"));
        dav.put("gone.html", HTML);
        dav.delete("gone.html");
        MultiStatus ms = MultiStatus.parse(dav.send(
                "PROPFIND", ts.baseUrl + "/remote.php/dav/trashbin/" + dav.login + "/trash/", null, "Depth", "1"));
        String href = ms.responses.stream()
                .filter(r -> "gone.html".equals(r.text("{http://nextcloud.org/ns}trashbin-filename")))
                .findFirst()
                .orElseThrow()
                .href();
        HttpResponse<String> trashed = dav.send("GET", ts.baseUrl + href, null);
        assertThat(trashed.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment");
        assertThat(trashed.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("sandbox");
        assertThat(trashed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        String transfer = ts.baseUrl + "/remote.php/dav/uploads/" + dav.login + "/web-9f2c";
        assertThat(dav.send("MKCOL", transfer, null, "Destination", dav.url("big.html"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.send("PUT", transfer + "/00001", HTML, "Destination", dav.url("big.html"))
                        .statusCode())
                .isEqualTo(201);
        attachment(dav.send("GET", transfer + "/00001", null), "00001");
    }

    @Test
    void publicLinksServeActiveContentAsSandboxedAttachments() {
        String owner = ts.newUser("actl");
        Dav dav = ts.dav(owner);
        dav.mkcol("Pub");
        dav.put("Pub/x.html", HTML);
        dav.put("Pub/p.png", "\u0089PNG");
        Share link = links.create(owner, "/Pub", Links.READ, null);
        Dav visitor = new Dav(ts.baseUrl, "anonymous", null);
        attachment(
                visitor.send("GET", ts.baseUrl + "/public.php/dav/files/" + link.token() + "/x.html", null), "x.html");
        inline(visitor.send("GET", ts.baseUrl + "/public.php/dav/files/" + link.token() + "/p.png", null), "image/png");
        attachment(
                new Dav(ts.baseUrl, link.token(), "").send("GET", ts.baseUrl + "/public.php/webdav/x.html", null),
                "x.html");
        Browser b = new Browser();
        attachment(b.getBytes(ts.baseUrl + "/s/" + link.token() + "/download?path=/x.html"), "x.html");
        // the download button saves even a picture
        attachment(b.getBytes(ts.baseUrl + "/s/" + link.token() + "/download?path=/p.png"), "p.png");
        HttpResponse<byte[]> zip = b.getBytes(ts.baseUrl + "/s/" + link.token() + "/download");
        assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(zip.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        page(b.get(ts.baseUrl + "/s/" + link.token()), false);
    }

    /** One of Kiste's own pages: no script, no inline style but its own hashed sheet, no framing, no Referer. */
    private static void page(HttpResponse<String> r, boolean https) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe", "script-src");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        if (https) {
            assertThat(r.headers().firstValue("Strict-Transport-Security").orElse(""))
                    .startsWith("max-age=");
        } else {
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
        assertThat(r.body()).doesNotContain("<script", " style=", "onload=", "onerror=");
    }

    @Test
    void kistesOwnPagesRunNoScriptAndCannotBeFramed() throws Exception {
        HttpResponse<String> root = new Browser().get(ts.baseUrl + "/");
        page(root, false);
        // the version only helps whoever looks for a known flaw; status.php still tells the clients
        assertThat(root.body()).doesNotContain(Version.get());
        assertThat(new Browser().get(ts.baseUrl + "/status.php").body()).contains("\"versionstring\"");
        Dav dav = ts.dav(ts.newUser("actp"));
        dav.mkcol("Folder");
        page(dav.get("Folder/"), false);
        org.kiste.testing.LoginFlowClient.Flow flow =
                org.kiste.testing.LoginFlowClient.start(ts.baseUrl + "/index.php/login/v2", "headers client");
        HttpResponse<String> login = new Browser().get(flow.loginUrl());
        assertThat(login.statusCode()).isEqualTo(200);
        page(login, false);
        assertThat(login.body()).contains("<style>");
    }

    @Test
    void pagesAskForHstsOnlyWhenTheRequestCameOverHttps() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> viaTls = http.send(
                HttpRequest.newBuilder(URI.create(proxiedBase + "/"))
                        .header("X-Forwarded-Proto", "https")
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        page(viaTls, true);
        page(
                http.send(
                        HttpRequest.newBuilder(URI.create(proxiedBase + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()),
                false);
    }
}
