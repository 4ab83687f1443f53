package org.kiste.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** The web pages' shells, headers, static files, the landing on {@code /} and downloads, over HTTP. */
class UiPagesTest {
    private final TestServer s = TestServer.get();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Browser loggedIn(String user) {
        Browser b = new Browser("Accept-Language", "en-GB,en;q=0.8");
        HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
        HttpResponse<String> done = b.post(
                s.baseUrl + "/ui/login", "csrf", Browser.csrf(form.body()), "user", user, "password", "pw-" + user);
        assertThat(done.statusCode()).isEqualTo(303);
        return b;
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(s.baseUrl + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrowserOnTheRootGoesToTheFilesPageWhileWebdavStaysThere() throws Exception {
        HttpResponse<String> browser = send("GET", "/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(browser.statusCode()).isEqualTo(303);
        assertThat(browser.headers().firstValue("Location").orElse("")).isEqualTo("/ui/files/");
        assertThat(send("GET", "/", "Accept", "*/*").statusCode()).isEqualTo(200);
        assertThat(send("OPTIONS", "/", "Accept", "text/html").statusCode()).isEqualTo(200);
        assertThat(send("PROPFIND", "/", "Accept", "text/html", "Depth", "0").statusCode())
                .isEqualTo(401);
        HttpResponse<String> files = send("GET", "/ui/files/", "Accept", "text/html");
        assertThat(files.statusCode()).isEqualTo(303);
        assertThat(files.headers().firstValue("Location").orElse("")).startsWith("/ui/login?next=");
    }

    @Test
    void everyPageIsTheShellWithAStrictPolicyAndAdminPagesAreForAdminsOnly() throws Exception {
        String alice = s.newUser("shell");
        Browser b = loggedIn(alice);
        HttpResponse<String> page = b.get(s.baseUrl + "/ui/files/Some%20Folder/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains(
                        "default-src 'self'",
                        "script-src 'self'",
                        "style-src 'self'",
                        "frame-ancestors 'none'",
                        "base-uri 'none'")
                .doesNotContain("unsafe");
        assertThat(page.headers().firstValue("Referrer-Policy")).isPresent();
        assertThat(page.headers().firstValue("X-Content-Type-Options").orElse(""))
                .isEqualTo("nosniff");
        assertThat(page.body())
                .contains(
                        "<html lang=\"en\">",
                        "<link rel=\"stylesheet\" href=\"/ui/static/kiste.css\">",
                        "<script type=\"module\" src=\"/ui/static/files.js\"></script>",
                        "<a class=\"skip\" href=\"#main\">",
                        "<main id=\"main\" tabindex=\"-1\"><h1>Files</h1><div id=\"app\"></div></main>",
                        "<div id=\"live\" role=\"status\" aria-live=\"polite\" class=\"visually-hidden\"></div>",
                        "<script type=\"application/json\" id=\"kiste-context\">",
                        "\"path\":\"/Some Folder\"",
                        "\"page\":\"files\"",
                        "\"isAdmin\":false",
                        ">Files</a>",
                        ">Trash</a>",
                        ">Settings</a>")
                .doesNotContain(">Users</a>", "style=", "<script>");
        for (String p : List.of("/ui/trash", "/ui/settings")) {
            assertThat(b.get(s.baseUrl + p).statusCode()).as(p).isEqualTo(200);
        }
        for (String p : List.of("/ui/admin/users", "/ui/admin/groups", "/ui/admin/teamfolders", "/ui/admin/audit")) {
            HttpResponse<String> refused = b.get(s.baseUrl + p);
            assertThat(refused.statusCode()).as(p).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("admin-");
        }
        assertThat(b.get(s.baseUrl + "/ui/nothing").statusCode()).isEqualTo(404);

        String admin = "uiadmin" + System.nanoTime() % 100000;
        s.users().add(admin, "pw-" + admin, true, null, null, -1);
        Browser a = loggedIn(admin);
        HttpResponse<String> users = a.get(s.baseUrl + "/ui/admin/users");
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.body())
                .contains(
                        "src=\"/ui/static/admin-users.js\"",
                        ">Users</a>",
                        ">Groups</a>",
                        ">Team folders</a>",
                        "\"isAdmin\":true");
    }

    @Test
    void staticFilesComeFromTheJarWithTheirTypeAndAnEtag() throws Exception {
        HttpResponse<String> js = send("GET", "/ui/static/kiste.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.body()).contains("export async function davFetch");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(send("GET", "/ui/static/kiste.js", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
        HttpResponse<String> css = send("GET", "/ui/static/kiste.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        for (String outside : List.of(
                "/ui/static/../messages/common_en.properties",
                "/ui/static/%2e%2e/messages/common_en.properties",
                "/ui/static/..%2fmessages%2fcommon_en.properties")) {
            HttpResponse<String> r = send("GET", outside);
            assertThat(r.statusCode()).as(outside).isIn(303, 400, 404);
            assertThat(r.body()).as(outside).doesNotContain("login.user");
        }
        assertThat(send("GET", "/ui/static/nothing.js").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/ui/static/kiste.java").statusCode()).isEqualTo(404);
        for (HttpResponse<String> r : List.of(js, css, send("GET", "/ui/static/features.css"))) {
            assertThat(r.headers().firstValue("X-Content-Type-Options").orElse(""))
                    .isEqualTo("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("default-src 'none'")
                    .contains("sandbox");
        }
    }

    @Test
    void modulesBuildTheirAddressesOnTheBaseOfAPublicUrl() throws Exception {
        java.util.regex.Pattern bare =
                java.util.regex.Pattern.compile("(?<!\\+ )'/(ui|ocs|remote\\.php|index\\.php|s)/");
        try (java.util.stream.Stream<java.nio.file.Path> files =
                java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/org/kiste/web/ui/static"))) {
            for (java.nio.file.Path p :
                    files.filter(x -> x.toString().endsWith(".js")).toList()) {
                HttpResponse<String> js = send("GET", "/ui/static/" + p.getFileName());
                assertThat(js.statusCode()).isEqualTo(200);
                assertThat(bare.matcher(js.body()).find())
                        .as(p.getFileName() + " has an address without the base")
                        .isFalse();
            }
        }
    }

    @Test
    void unknownStaticNamesAreNotKept() throws Exception {
        java.lang.reflect.Field f = StaticFiles.class.getDeclaredField("files");
        f.setAccessible(true);
        StaticFiles statics = new StaticFiles();
        @SuppressWarnings("unchecked")
        java.util.Map<String, ?> kept = (java.util.Map<String, ?>) f.get(statics);
        for (int i = 0; i < 50; i++) {
            assertThat(statics.serve("missing-" + i + ".js", null, null)).isFalse();
        }
        assertThat(kept).isEmpty();
        // and over HTTP, a miss stays a 404
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/ui/static/missing-" + i + ".js").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void aFolderDownloadsAsAStreamedZipAndAFileAsAnAttachment() throws Exception {
        String bob = s.newUser("zip");
        Dav dav = s.dav(bob);
        assertThat(dav.mkcol("Band").statusCode()).isEqualTo(201);
        assertThat(dav.mkcol("Band/Sub").statusCode()).isEqualTo(201);
        assertThat(dav.put("Band/a.txt", "alpha").statusCode()).isEqualTo(201);
        assertThat(dav.put("Band/Sub/b.html", "<script>x</script>").statusCode())
                .isEqualTo(201);
        Browser b = loggedIn(bob);
        HttpResponse<byte[]> zip = b.getBytes(s.baseUrl + "/ui/download?path=%2FBand");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("Band/", "Band/a.txt", "Band/Sub/", "Band/Sub/b.html");
        HttpResponse<byte[]> file = b.getBytes(s.baseUrl + "/ui/download?path=%2FBand%2FSub%2Fb.html");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("<script>x</script>");
        assertThat(b.getBytes(s.baseUrl + "/ui/download?path=%2Fmissing").statusCode())
                .isEqualTo(404);
        assertThat(new Browser()
                        .getBytes(s.baseUrl + "/ui/download?path=%2FBand")
                        .statusCode())
                .isEqualTo(303);
    }
}
