package org.kiste.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;
import org.kiste.testing.Browser;
import org.kiste.testing.LoginFlowClient;
import org.kiste.testing.LoginFlowClient.Flow;
import org.kiste.testing.MovableClock;
import org.kiste.testing.TestServer;

/**
 * Flows expire (a clock moved forward, no waiting), and behind a trusted proxy the URLs and the cookie follow the
 * scheme and host the client used. A second server over the shared backend, with its own clock and settings.
 */
class LoginFlowExpiryTest {
    private static final MovableClock CLOCK = new MovableClock();
    private static KisteServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        TestServer shared = TestServer.get();
        KisteConfig cfg = KisteConfig.from(new Settings(
                Map.of(
                        "port",
                        "0",
                        "bind",
                        "127.0.0.1",
                        "data",
                        shared.dataDir.toString(),
                        "proxies.trusted",
                        "127.0.0.1",
                        "login.flow-minutes",
                        "10"),
                Map.of()));
        server = new KisteServer(shared.backend, cfg, CLOCK);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void anExpiredFlowIsGoneForTheClientAndTheBrowser() {
        Flow flow = LoginFlowClient.start(base + "/index.php/login/v2", "expiring");
        assertThat(new Browser().get(flow.loginUrl()).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(9));
        assertThat(LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), false)
                        .statusCode())
                .isEqualTo(404);
        assertThat(new Browser().get(flow.loginUrl()).statusCode())
                .as("still open after 9 of 10 minutes")
                .isEqualTo(200);

        CLOCK.advance(Duration.ofMinutes(2));
        HttpResponse<String> poll = LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), true);
        assertThat(poll.statusCode()).isEqualTo(404);
        assertThat(poll.body()).isEqualTo("[]");
        HttpResponse<String> page = new Browser("Accept-Language", "de").get(flow.loginUrl());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("abgelaufen").doesNotContain("name=\"password\"");
    }

    @Test
    void anExpiredFlowCannotBeLoggedInToWithAFormFromBefore() {
        String erin = TestServer.get().newUser("expire");
        Flow flow = LoginFlowClient.start(base + "/index.php/login/v2", "expiring");
        Browser browser = new Browser();
        String csrf = Browser.csrf(browser.get(flow.loginUrl()).body());
        CLOCK.advance(Duration.ofMinutes(11));
        assertThat(browser.post(flow.loginUrl() + "/login", "csrf", csrf, "user", erin, "password", "pw-" + erin)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void urlsAndTheCookieFollowTheSchemeAndHostBehindATrustedProxy() {
        String[] forwarded = {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "files.example.org"};
        Flow flow = LoginFlowClient.start(base + "/index.php/login/v2", "proxied", forwarded);
        assertThat(flow.pollEndpoint()).isEqualTo("https://files.example.org/index.php/login/v2/poll");
        assertThat(flow.loginUrl()).startsWith("https://files.example.org/index.php/login/v2/flow/");
        String path = flow.loginUrl().substring("https://files.example.org".length());
        HttpResponse<String> page = new Browser(forwarded).get(base + path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Set-Cookie").orElse("")).contains("; Secure", "HttpOnly", "SameSite=Lax");
        assertThat(page.body()).contains("action=\"" + path + "/login\"");
    }
}
