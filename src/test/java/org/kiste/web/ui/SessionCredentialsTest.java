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
import org.kiste.model.AuditEvent;
import org.kiste.testing.Browser;
import org.kiste.testing.TestServer;

/**
 * What a web session may do with credentials over HTTP: an app password needs the account password again, the
 * client exchange {@code core/getapppassword} is refused, sessions are ended by a second login and a cap (the throttle of wrong current passwords: PasswordThrottleTest).
 */
class SessionCredentialsTest {
    private static final Pattern TOKEN = Pattern.compile("\"requestToken\":\"([^\"]+)\"");
    private static final String FORM = "application/x-www-form-urlencoded";
    private final TestServer s = TestServer.get();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Logs in through the form; returns the cookie pair and the page's request token. */
    private String[] logIn(String user) {
        return logIn(new Browser(), user);
    }

    private String[] logIn(Browser b, String user) {
        HttpResponse<String> form = b.get(s.baseUrl + "/ui/login");
        HttpResponse<String> done = b.post(
                s.baseUrl + "/ui/login", "csrf", Browser.csrf(form.body()), "user", user, "password", "pw-" + user);
        assertThat(done.statusCode()).isEqualTo(303);
        String cookie = done.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("kiste_session="))
                .findFirst()
                .orElseThrow();
        Matcher m = TOKEN.matcher(b.get(s.baseUrl + "/ui/files/").body());
        assertThat(m.find()).isTrue();
        return new String[] {cookie.substring(0, cookie.indexOf(';')), m.group(1)};
    }

    private HttpResponse<String> ocs(String[] session, String method, String route, String form) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(s.baseUrl + "/ocs/v2.php/" + route))
                .method(
                        method,
                        form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
                .header("OCS-APIRequest", "true")
                .header("Cookie", session[0])
                .header("requesttoken", session[1])
                .header("Content-Type", FORM)
                .timeout(Duration.ofSeconds(30));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aSessionMakesAnAppPasswordOnlyWithTheAccountPassword() throws Exception {
        String login = s.newUser("sess");
        String[] session = logIn(login);
        String route = "apps/kiste/api/v1/apppasswords?format=json";
        assertThat(ocs(session, "POST", route, "name=phone").statusCode()).isEqualTo(403);
        assertThat(ocs(session, "POST", route, "name=phone&password=wrong").statusCode())
                .isEqualTo(403);
        HttpResponse<String> made = ocs(session, "POST", route, "name=phone&password=pw-" + login);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        assertThat(made.body()).containsPattern("\"apppassword\":\"[A-Za-z0-9]{72}\"");

        assertThat(ocs(session, "GET", "core/getapppassword?format=json", null).statusCode())
                .as("a session is no login to exchange")
                .isEqualTo(403);

        boolean recorded = false;
        for (AuditEvent e : s.backend.audit().list(null, null, login, 100)) {
            recorded |=
                    e.action().equals("user.app-password-create") && e.subject().equals(login);
        }
        assertThat(recorded).as("creation is in the audit trail").isTrue();
    }

    @Test
    void aSecondLoginInOneBrowserEndsTheFirstAndAnAccountKeepsAtMostFiftySessions() throws Exception {
        String login = s.newUser("sess");
        Browser browser = new Browser();
        String[] first = logIn(browser, login);
        String[] second = logIn(browser, login);
        String me = "cloud/user?format=json";
        assertThat(ocs(first, "GET", me, null).statusCode()).isEqualTo(401);
        assertThat(ocs(second, "GET", me, null).statusCode()).isEqualTo(200);

        String[] oldest = logIn(login);
        for (int i = 0; i < org.kiste.auth.WebSessions.MAX_PER_USER; i++) {
            logIn(login);
        }
        assertThat(ocs(oldest, "GET", me, null).statusCode())
                .as("the oldest ended")
                .isEqualTo(401);
    }
}
