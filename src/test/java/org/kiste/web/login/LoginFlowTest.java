package org.kiste.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.auth.LoginFlows;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.LoginFlowClient;
import org.kiste.testing.LoginFlowClient.Flow;
import org.kiste.testing.TestServer;

/** Login Flow v2 end to end over HTTP: the client's start and polls, the browser's login and grant pages. */
class LoginFlowTest {
    private static final String DESKTOP =
            "Mozilla/5.0 (Linux) mirall/3.7.3 (Nextcloud, debian-6.1.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)";
    private static final String GERMAN = "de-DE,de;q=0.9";
    private final TestServer s = TestServer.get();

    private Flow start() {
        return LoginFlowClient.start(s.baseUrl + "/index.php/login/v2", DESKTOP);
    }

    private static String token(Flow f) {
        return f.loginUrl().substring(f.loginUrl().lastIndexOf('/') + 1);
    }

    @Test
    void aClientGetsAnAppPasswordOnceAfterTheUserLoggedInAndGrantedAccess() {
        String alice = s.newUser("flow");
        HttpResponse<String> started = LoginFlowClient.startRaw(s.baseUrl + "/index.php/login/v2", DESKTOP);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode j = LoginFlowClient.json(started.body());
        Flow flow = new Flow(
                j.path("poll").path("token").asText(),
                j.path("poll").path("endpoint").asText(),
                j.path("login").asText());
        assertThat(flow.pollToken()).matches("[A-Za-z0-9]{64,}");
        assertThat(flow.pollEndpoint()).isEqualTo(s.baseUrl + "/index.php/login/v2/poll");
        assertThat(flow.loginUrl()).startsWith(s.baseUrl + "/index.php/login/v2/flow/");
        assertThat(token(flow)).matches("[A-Za-z0-9]{64,}").isNotEqualTo(flow.pollToken());

        HttpResponse<String> pending = LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), false);
        assertThat(pending.statusCode()).isEqualTo(404);
        assertThat(pending.body()).isEqualTo("[]");

        Browser browser = new Browser("Accept-Language", GERMAN);
        HttpResponse<String> page = browser.get(flow.loginUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "<html lang=\"de\">",
                        "Benutzername",
                        "Passwort",
                        "mirall/3.7.3",
                        "<label for=\"user\">",
                        "<label for=\"password\">");
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .contains("HttpOnly", "SameSite=Lax", "Path=/index.php/login/v2/flow/" + token(flow))
                .doesNotContain("Secure");
        String csrf = Browser.csrf(page.body());
        assertThat(csrf).isNotBlank();
        String login = flow.loginUrl() + "/login";

        assertThat(browser.post(login, "user", alice, "password", "pw-" + alice).statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(browser.post(login, "csrf", csrf + "x", "user", alice, "password", "pw-" + alice)
                        .statusCode())
                .as("wrong CSRF token")
                .isEqualTo(403);
        assertThat(new Browser()
                        .post(login, "csrf", csrf, "user", alice, "password", "pw-" + alice)
                        .statusCode())
                .as("the token without the session cookie")
                .isEqualTo(403);

        HttpResponse<String> wrong = browser.post(login, "csrf", csrf, "user", alice, "password", "not-it");
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body())
                .contains("Falscher Benutzername oder falsches Passwort", "role=\"alert\"", "value=\"" + alice + "\"");

        HttpResponse<String> right = browser.post(login, "csrf", csrf, "user", alice, "password", "pw-" + alice);
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location").orElse(""))
                .endsWith("/index.php/login/v2/flow/" + token(flow));
        assertThat(LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), false)
                        .statusCode())
                .as("logged in is not granted yet")
                .isEqualTo(404);

        HttpResponse<String> grantPage = browser.get(flow.loginUrl());
        assertThat(grantPage.statusCode()).isEqualTo(200);
        assertThat(grantPage.body()).contains("Zugriff erlauben?", alice, "mirall/3.7.3");
        String grantCsrf = Browser.csrf(grantPage.body());
        assertThat(grantCsrf).as("the session id changes at login").isNotEqualTo(csrf);
        assertThat(browser.post(flow.loginUrl() + "/grant", "csrf", csrf).statusCode())
                .as("the old session's token")
                .isEqualTo(403);
        assertThat(browser.post(flow.loginUrl() + "/grant").statusCode()).isEqualTo(403);

        HttpResponse<String> done = browser.post(flow.loginUrl() + "/grant", "csrf", grantCsrf);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Konto verbunden", "Fenster schließen");

        HttpResponse<String> granted = LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), true);
        assertThat(granted.statusCode()).isEqualTo(200);
        JsonNode answer = LoginFlowClient.json(granted.body());
        assertThat(answer.path("server").asText()).isEqualTo(s.baseUrl);
        assertThat(answer.path("loginName").asText()).isEqualTo(alice);
        String appPassword = answer.path("appPassword").asText();
        assertThat(appPassword).matches("[A-Za-z0-9]{72}");

        HttpResponse<String> again = LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), true);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).isEqualTo("[]");
        assertThat(LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), false)
                        .statusCode())
                .isEqualTo(404);

        assertThat(new Dav(s.baseUrl, alice, appPassword)
                        .propfind("", "0", null)
                        .statusCode())
                .isEqualTo(207);
        assertThat(s.backend
                        .appPasswords()
                        .list(s.users().find(alice).orElseThrow().id()))
                .anySatisfy(p -> assertThat(p.name()).isEqualTo(DESKTOP));

        // the login link is spent: reopening it, even in the same browser, is an error page
        HttpResponse<String> reopened = browser.get(flow.loginUrl());
        assertThat(reopened.statusCode()).isIn(403, 404);
        assertThat(reopened.body()).contains("<html lang=\"de\">").doesNotContain("name=\"password\"");
        assertThat(new Browser().get(flow.loginUrl()).statusCode()).isIn(403, 404);
    }

    @Test
    void englishIsTheDefaultAndQValuesDecide() {
        Flow flow = start();
        assertThat(new Browser().get(flow.loginUrl()).body()).contains("<html lang=\"en\">", "User name", "Log in");
        String[][] cases = {
            {"de-DE,de;q=0.9", "de"},
            {"fr-FR, de;q=0.5, en;q=0.4", "de"},
            {"de;q=0.1, en-GB", "en"},
            {"de;q=0, *;q=0.5", "en"},
            {"fr, it", "en"},
            {"en-US,en;q=0.9,de;q=0.8", "en"},
            {";;garbage==", "en"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = new Browser("Accept-Language", c[0]).get(flow.loginUrl());
            assertThat(r.body()).as(c[0]).contains("<html lang=\"" + c[1] + "\">");
            assertThat(r.headers().firstValue("Content-Language").orElse(""))
                    .as(c[0])
                    .isEqualTo(c[1]);
        }
    }

    @Test
    void theUserParameterPrefillsTheLoginFieldEscaped() {
        Flow flow = start();
        HttpResponse<String> r = new Browser().get(flow.loginUrl() + "?user=alice");
        assertThat(r.body()).contains("name=\"user\"").contains("value=\"alice\"");
        HttpResponse<String> hostile = new Browser().get(flow.loginUrl() + "?user=%22%3E%3Cscript%3Ex()%3C/script%3E");
        assertThat(hostile.body())
                .contains("value=\"&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\"")
                .doesNotContain("<script>");
    }

    @Test
    void aHostileUserAgentIsShownEscaped() {
        String evil = "<script>alert('x')</script>\"&<img src=x onerror=y>";
        Flow flow = LoginFlowClient.start(s.baseUrl + "/index.php/login/v2", evil);
        HttpResponse<String> page = new Browser().get(flow.loginUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;&lt;img src=x onerror=y&gt;")
                .doesNotContain("<script>")
                .doesNotContain("<img");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'");
    }

    @Test
    void appPasswordsCannotLogInToTheLoginPages() {
        String bob = s.newUser("flowapp");
        String appPassword = s.backend
                .appPasswords()
                .create(s.users().find(bob).orElseThrow().id(), bob, "test");
        assertThat(new Dav(s.baseUrl, bob, appPassword).propfind("", "0", null).statusCode())
                .isEqualTo(207);
        Flow flow = start();
        Browser browser = new Browser();
        String csrf = Browser.csrf(browser.get(flow.loginUrl()).body());
        HttpResponse<String> r =
                browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", bob, "password", appPassword);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Wrong user name or password");
    }

    @Test
    void sixteenConcurrentWrongPasswordsOnOneFlowAreCheckedAtMostFiveTimes() throws Exception {
        String dave = s.newUser("flowrace");
        Flow flow = start();
        Browser browser = new Browser();
        String csrf = Browser.csrf(browser.get(flow.loginUrl()).body());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                String guess = "guess" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", dave, "password", guess)
                            .statusCode();
                }));
            }
            go.countDown();
            int form = 0;
            int tooMany = 0;
            for (Future<Integer> f : answers) {
                int status = f.get(120, TimeUnit.SECONDS);
                form += status == 200 ? 1 : 0;
                tooMany += status == 429 ? 1 : 0;
            }
            assertThat(form + tooMany).isEqualTo(16);
            assertThat(form).isLessThanOrEqualTo(LoginFlows.LOGIN_ATTEMPTS - 1);
        } finally {
            pool.shutdownNow();
        }
        // each checked password was counted against the account first: that count says how many were checked
        // (before, all 16 were checked against a limit of 5)
        int checked = s.backend.throttles().list(100_000).stream()
                .filter(e -> e.kind().equals("account") && e.subject().equals(dave))
                .mapToInt(org.kiste.auth.Throttles.Entry::failures)
                .sum();
        assertThat(checked).isEqualTo(LoginFlows.LOGIN_ATTEMPTS);
        assertThat(browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", dave, "password", "pw-" + dave)
                        .statusCode())
                .isEqualTo(429);
    }

    @Test
    void aFlowIsClosedAfterFiveWrongPasswords() {
        String carol = s.newUser("flowthrottle");
        Flow flow = start();
        Browser browser = new Browser();
        String csrf = Browser.csrf(browser.get(flow.loginUrl()).body());
        for (int i = 1; i < LoginFlows.LOGIN_ATTEMPTS; i++) {
            assertThat(browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", carol, "password", "guess" + i)
                            .statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> last =
                browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", carol, "password", "guess");
        assertThat(last.statusCode()).isEqualTo(429);
        // now even the right password is refused for this flow
        HttpResponse<String> right =
                browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", carol, "password", "pw-" + carol);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(browser.get(flow.loginUrl()).statusCode()).isEqualTo(429);
    }

    @Test
    void onceSomeoneLoggedInTheLinkDoesNotOpenInAnotherBrowser() {
        String dave = s.newUser("flowother");
        Flow flow = start();
        Browser first = new Browser();
        Browser second = new Browser();
        String csrf = Browser.csrf(first.get(flow.loginUrl()).body());
        // before any login, opening the link elsewhere takes the flow over (the first session is dropped)
        String csrf2 = Browser.csrf(second.get(flow.loginUrl()).body());
        assertThat(first.post(flow.loginUrl() + "/login", "csrf", csrf, "user", dave, "password", "pw-" + dave)
                        .statusCode())
                .isEqualTo(403);
        assertThat(second.post(flow.loginUrl() + "/login", "csrf", csrf2, "user", dave, "password", "pw-" + dave)
                        .statusCode())
                .isEqualTo(303);
        HttpResponse<String> third = new Browser().get(flow.loginUrl());
        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(third.body()).contains("another browser").doesNotContain("name=\"csrf\"");
    }

    @Test
    void unknownTokensAndWrongMethods() {
        HttpResponse<String> poll = LoginFlowClient.poll(s.baseUrl + "/index.php/login/v2/poll", "nope", false);
        assertThat(poll.statusCode()).isEqualTo(404);
        assertThat(poll.body()).isEqualTo("[]");
        assertThat(LoginFlowClient.poll(s.baseUrl + "/index.php/login/v2/poll", "", true)
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> page = new Browser().get(s.baseUrl + "/index.php/login/v2/flow/" + "A".repeat(128));
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<html lang=\"en\">", "unknown or has expired");
        assertThat(new Browser().get(s.baseUrl + "/index.php/login/v2").statusCode())
                .isEqualTo(405);
        assertThat(new Browser().get(s.baseUrl + "/index.php/login/v2/poll").statusCode())
                .isEqualTo(405);
        assertThat(new Browser().post(s.baseUrl + "/index.php/login/v2/other").statusCode())
                .isEqualTo(404);
        // the short spelling without index.php works the same way and still hands out index.php URLs
        Flow flow = LoginFlowClient.start(s.baseUrl + "/login/v2", "short");
        assertThat(flow.loginUrl()).startsWith(s.baseUrl + "/index.php/login/v2/flow/");
        assertThat(new Browser()
                        .get(s.baseUrl + "/login/v2/flow/" + token(flow))
                        .statusCode())
                .isEqualTo(200);
        assertThat(LoginFlowClient.poll(s.baseUrl + "/login/v2/poll", flow.pollToken(), true)
                        .statusCode())
                .isEqualTo(404);
        // the root page stays a page, never a 401: that is how the desktop client picks Login Flow v2
        assertThat(new Browser().get(s.baseUrl + "/").statusCode()).isEqualTo(200);
    }
}
