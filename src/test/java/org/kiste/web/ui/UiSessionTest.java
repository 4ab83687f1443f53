package org.kiste.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Browser;
import org.kiste.testing.TestServer;

/** The web pages' login over HTTP: the form, the session cookie, its use on the WebDAV and OCS doors, logout. */
class UiSessionTest {
    private static final Pattern TOKEN = Pattern.compile("\"requestToken\":\"([^\"]+)\"");
    private final TestServer s = TestServer.get();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Logs in through the form and returns the browser and the page's request token. */
    private String[] logIn(Browser b, String user) {
        HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
        assertThat(form.statusCode()).isEqualTo(200);
        HttpResponse<String> done = b.post(
                s.baseUrl + "/ui/login", "csrf", Browser.csrf(form.body()), "user", user, "password", "pw-" + user);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElse("")).isEqualTo("/ui/files/");
        String cookie = done.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("kiste_session="))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> page = b.get(s.baseUrl + "/ui/files/");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = TOKEN.matcher(page.body());
        assertThat(m.find()).isTrue();
        return new String[] {cookie.substring(0, cookie.indexOf(';')), m.group(1), cookie, page.body()};
    }

    private HttpResponse<String> send(String method, String url, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theFormLogsInWithAnHttpOnlyLaxCookieThatTheDoorsTakeOnlyWithItsRequestToken() throws Exception {
        String alice = s.newUser("ui");
        Browser b = new Browser("Accept-Language", "en");
        HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
        assertThat(form.body())
                .contains(
                        "<label for=\"user\">User name</label>",
                        "<label for=\"password\">Password</label>",
                        ">Log in<");
        String[] session = logIn(b, alice);
        assertThat(session[2]).contains("Path=/", "HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        String cookie = session[0];
        String token = session[1];
        assertThat(session[3]).contains("\"user\":\"" + alice + "\"", "\"davFiles\":\"/remote.php/dav/files/" + alice);

        String dav = s.baseUrl + "/remote.php/dav/files/" + alice + "/";
        HttpResponse<String> alone = send("PROPFIND", dav, "Depth", "0", "Cookie", cookie);
        assertThat(alone.statusCode()).as("cookie alone").isEqualTo(401);
        assertThat(alone.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(send("PROPFIND", dav, "Depth", "0", "Cookie", cookie, "requesttoken", token + "x")
                        .statusCode())
                .as("wrong token")
                .isEqualTo(401);
        // a page whose session ended gets no challenge, so the browser asks for no password of its own
        assertThat(send("PROPFIND", dav, "Depth", "0", "requesttoken", token)
                        .headers()
                        .firstValue("WWW-Authenticate"))
                .isEmpty();
        assertThat(send("PROPFIND", dav, "Depth", "0", "Cookie", cookie, "requesttoken", token)
                        .statusCode())
                .isEqualTo(207);

        String ocs = s.baseUrl + "/ocs/v2.php/cloud/user?format=json";
        assertThat(send("GET", ocs, "OCS-APIRequest", "true", "Cookie", cookie).statusCode())
                .isEqualTo(401);
        HttpResponse<String> me = send("GET", ocs, "OCS-APIRequest", "true", "Cookie", cookie, "requesttoken", token);
        assertThat(me.statusCode()).isEqualTo(200);
        // a call that changes something: the session's requesttoken is the sign a page sent it, as OCS-APIRequest is
        String share = s.baseUrl + "/ocs/v2.php/apps/files_sharing/api/v1/shares/999999999?format=json";
        HttpResponse<String> noSign = send("DELETE", share, "Cookie", cookie);
        assertThat(noSign.statusCode()).isEqualTo(401);
        assertThat(noSign.body()).contains("OCS-APIRequest");
        assertThat(send("DELETE", share, "Cookie", cookie, "requesttoken", token + "x")
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("DELETE", share, "Cookie", cookie, "requesttoken", token)
                        .statusCode())
                .isEqualTo(404);
        assertThat(me.body()).contains(alice);

        // logging out needs the page's token, and then the cookie is worth nothing
        assertThat(b.post(s.baseUrl + "/ui/logout", "csrf", "nope").statusCode())
                .isEqualTo(403);
        // the token counts only in the body, never in the query string
        assertThat(b.post(s.baseUrl + "/ui/logout?csrf=" + token).statusCode()).isEqualTo(403);
        assertThat(b.post(s.baseUrl + "/ui/logout?csrf=" + token, "csrf", token).statusCode())
                .isEqualTo(403);
        HttpResponse<String> out = b.post(s.baseUrl + "/ui/logout", "csrf", token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location").orElse("")).isEqualTo("/ui/login");
        assertThat(send("PROPFIND", dav, "Depth", "0", "Cookie", cookie, "requesttoken", token)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> after = send("GET", s.baseUrl + "/ui/files/", "Cookie", cookie);
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location").orElse("")).startsWith("/ui/login?next=");
    }

    @Test
    void theReturnAddressAfterTheLoginStaysOnThePages() {
        String alice = s.newUser("nx");
        for (String next : java.util.List.of(
                "/ui/./../ocs/v2.php/x",
                "/ui/../ocs/v2.php/x",
                "/ui/files/..",
                "/ui/%2e%2e/ocs/v2.php/x",
                "/ui/%2E./ocs",
                "/ui/files%2f..%2f..%2focs",
                "/ui/files%5c..%5cocs",
                "/ui/%252e%252e/ocs",
                "/ui/\\evil.example/",
                "/ui//evil.example/",
                "/ocs/v2.php/x",
                "https://evil.example/ui/")) {
            Browser b = new Browser();
            HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
            HttpResponse<String> done = b.post(
                    s.baseUrl + "/ui/login",
                    "csrf",
                    Browser.csrf(form.body()),
                    "user",
                    alice,
                    "password",
                    "pw-" + alice,
                    "next",
                    next);
            assertThat(done.statusCode()).as(next).isEqualTo(303);
            assertThat(done.headers().firstValue("Location").orElse(""))
                    .as(next)
                    .isEqualTo("/ui/files/");
        }
        Browser b = new Browser();
        HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
        HttpResponse<String> done = b.post(
                s.baseUrl + "/ui/login",
                "csrf",
                Browser.csrf(form.body()),
                "user",
                alice,
                "password",
                "pw-" + alice,
                "next",
                "/ui/files/My%20Folder/");
        assertThat(done.headers().firstValue("Location").orElse("")).isEqualTo("/ui/files/My%20Folder/");
    }

    @Test
    void aWrongPasswordOrAMissingFormTokenLogsNobodyIn() {
        String bob = s.newUser("ui");
        Browser b = new Browser("Accept-Language", "de");
        HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
        assertThat(form.body()).contains("<html lang=\"de\">", "Benutzername", "Passwort");
        HttpResponse<String> noCsrf = b.post(s.baseUrl + "/ui/login", "user", bob, "password", "pw-" + bob);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("kiste_session="));
        HttpResponse<String> wrong =
                b.post(s.baseUrl + "/ui/login", "csrf", Browser.csrf(form.body()), "user", bob, "password", "nope");
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("Falscher Benutzername");
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("kiste_session="));
    }

    @Test
    void aNewPasswordOrDisablingTheAccountEndsItsSessions() throws Exception {
        String carol = s.newUser("ui");
        String[] one = logIn(new Browser(), carol);
        String[] two = logIn(new Browser(), carol);
        String dav = s.baseUrl + "/remote.php/dav/files/" + carol + "/";
        assertThat(send("PROPFIND", dav, "Depth", "0", "Cookie", one[0], "requesttoken", one[1])
                        .statusCode())
                .isEqualTo(207);
        s.users().setPassword(carol, "pw-" + carol);
        assertThat(send("PROPFIND", dav, "Depth", "0", "Cookie", one[0], "requesttoken", one[1])
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", s.baseUrl + "/ui/trash", "Cookie", two[0]).statusCode())
                .isEqualTo(303);
        String[] three = logIn(new Browser(), carol);
        s.users().setEnabled(carol, false);
        assertThat(send("GET", s.baseUrl + "/ui/trash", "Cookie", three[0]).statusCode())
                .isEqualTo(303);

        String dave = s.newUser("ui");
        String[] four = logIn(new Browser(), dave);
        assertThat(send("GET", s.baseUrl + "/ui/trash", "Cookie", four[0]).statusCode())
                .isEqualTo(200);
        s.users().delete(dave);
        assertThat(send("GET", s.baseUrl + "/ui/trash", "Cookie", four[0]).statusCode())
                .isEqualTo(303);
    }
}
