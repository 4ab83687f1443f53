package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.Dav;
import org.kiste.testing.Ocs;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/** KISTE_PUBLIC_URL with a path prefix, and X-Forwarded-* believed only from configured proxies. */
class PublicUrlTest {
    private static KisteServer prefixed;
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
                        "public.url",
                        "https://files.example.org/kiste",
                        "proxies.trusted",
                        "127.0.0.1"),
                Map.of()));
        prefixed = new KisteServer(shared.backend, cfg);
        prefixed.start();
        base = "http://127.0.0.1:" + prefixed.port();
    }

    @AfterAll
    static void stop() {
        prefixed.stop();
    }

    @Test
    void everyUrlLivesUnderThePrefixAndHrefsCarryIt() {
        TestServer s = TestServer.get();
        String login = s.newUser("pfx");
        Dav dav = new Dav(base + "/kiste", login, "pw-" + login);
        assertThat(dav.put("f.txt", "x").statusCode()).isEqualTo(201);
        HttpResponse<String> r = dav.propfind("", "1", null);
        assertThat(r.statusCode()).isEqualTo(207);
        assertThat(r.body()).contains("<d:href>/kiste/remote.php/dav/files/" + login + "/f.txt</d:href>");
        assertThat(new Dav(base, login, "pw-" + login).get("f.txt").statusCode())
                .isEqualTo(404);
    }

    @Test
    void ocsLivesUnderThePrefix() {
        TestServer s = TestServer.get();
        String login = s.newUser("pfx");
        Ocs ocs = new Ocs(new Dav(base + "/kiste", login, "pw-" + login));
        Ocs.Answer user = ocs.json("v2.php/cloud/user");
        assertThat(user.http()).isEqualTo(200);
        assertThat(user.data().path("id").asText()).isEqualTo(login);
        assertThat(ocs.json("v1.php/cloud/capabilities")
                        .meta()
                        .path("statuscode")
                        .asInt())
                .isEqualTo(100);
        assertThat(new Ocs(new Dav(base, login, "pw-" + login))
                        .json("v2.php/cloud/user")
                        .http())
                .isEqualTo(404);
    }

    @Test
    void rootPageNamesThePublicUrl() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/kiste/")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("https://files.example.org/kiste/remote.php/dav/files/");
    }

    @Test
    void loginFlowUrlsCarryThePublicUrlAndTheCookieThePrefix() {
        org.kiste.testing.LoginFlowClient.Flow flow =
                org.kiste.testing.LoginFlowClient.start(base + "/kiste/index.php/login/v2", "prefixed client");
        assertThat(flow.pollEndpoint()).isEqualTo("https://files.example.org/kiste/index.php/login/v2/poll");
        assertThat(flow.loginUrl()).startsWith("https://files.example.org/kiste/index.php/login/v2/flow/");
        String path = flow.loginUrl().substring("https://files.example.org".length());
        HttpResponse<String> page = new org.kiste.testing.Browser().get(base + path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Set-Cookie").orElse("")).contains("Path=" + path + ";");
        assertThat(page.body()).contains("action=\"" + path + "/login\"");
        assertThat(org.kiste.testing.LoginFlowClient.poll(
                                base + "/kiste/index.php/login/v2/poll", flow.pollToken(), false)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void forwardedHeadersFromATrustedProxyAreBelieved() throws Exception {
        TestServer s = TestServer.get();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(s.baseUrl + "/"))
                                .header("X-Forwarded-Proto", "https")
                                .header("X-Forwarded-Host", "evil.example")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        // the shared server trusts no proxy: the forged host must not appear
        assertThat(r.body()).doesNotContain("evil.example");
    }

    @Test
    void aForgedHostNeverMakesAnAbsoluteUrl() {
        // RawHttp sends the real Host; this server trusts 127.0.0.1 as a proxy, so the forwarded host is the request's
        String[] forged = {"X-Forwarded-Host: evil.example", "X-Forwarded-Proto: http"};
        // the root page and the start of a Login Flow
        RawHttp.Answer root = RawHttp.send(base, "GET", "/kiste/", null, null, forged);
        assertThat(root.body()).contains("https://files.example.org/kiste/").doesNotContain("evil");
        RawHttp.Answer flow = RawHttp.send(base, "POST", "/kiste/index.php/login/v2", null, "", forged);
        assertThat(flow.status()).isEqualTo(200);
        assertThat(flow.body()).contains("https://files.example.org/kiste/").doesNotContain("evil");
        // a share link's URL in OCS
        TestServer s = TestServer.get();
        String login = s.newUser("pfxh");
        Dav dav = new Dav(base + "/kiste", login, "pw-" + login);
        assertThat(dav.put("h.txt", "x").statusCode()).isEqualTo(201);
        RawHttp.Answer share = RawHttp.send(
                base,
                "POST",
                "/kiste/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json",
                dav.authorization(),
                "path=/h.txt&shareType=3",
                "OCS-APIRequest: true",
                "Content-Type: application/x-www-form-urlencoded",
                forged[0],
                forged[1]);
        assertThat(share.body())
                .contains("\"url\":\"https://files.example.org/kiste/s/")
                .doesNotContain("evil");
        // Location headers are paths below the prefix
        RawHttp.Answer put = RawHttp.send(
                base, "PUT", "/kiste/remote.php/dav/files/" + login + "/l.txt", dav.authorization(), "x", forged);
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.head()).doesNotContain("evil");
    }

    @Test
    void aServerOnAPublicAddressWithoutPublicUrlWarns() {
        assertThat(KisteServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(KisteServer.isLoopback("::1")).isTrue();
        assertThat(KisteServer.isLoopback("0.0.0.0")).isFalse();
        TestServer shared = TestServer.get();
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(KisteServer.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            for (String bind : new String[] {"0.0.0.0", "127.0.0.1"}) {
                // built, never started: nothing binds
                new KisteServer(
                        shared.backend,
                        KisteConfig.from(new Settings(
                                Map.of("port", "0", "bind", bind, "data", shared.dataDir.toString()), Map.of())));
            }
        } finally {
            logger.detachAppender(seen);
        }
        assertThat(seen.list)
                .filteredOn(e -> e.getFormattedMessage().contains("public.url is not set"))
                .hasSize(1)
                .allMatch(e -> e.getFormattedMessage().contains("0.0.0.0"));
    }
}
