package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;

/**
 * No error answer names what is inside: Jetty's own 400, 404 and 405 and the 500 of an exception no servlet caught
 * are the one plain page (a small HTML page for a browser, a line of text otherwise); WebDAV answers keep their XML
 * body and OCS its envelope, with plain messages. The 500s come from a second server whose database pool is closed,
 * so every request that needs the database fails inside the server.
 */
class ErrorAnswersTest {
    private static final String[] INTERNALS = {
        "exception", "org.", "jetty", "hikari", "sql", "mariadb", "pool", "java.", "kiste.", "/tmp", "caused by"
    };

    private static KisteServer broken;
    private static String brokenBase;

    @BeforeAll
    static void startAServerWithoutDatabase() throws Exception {
        TestServer shared = TestServer.get();
        Path data = TestDatabase.tempDir("kiste-broken-");
        Map<String, String> s = TestDatabase.isolatedSettings(data);
        if (!s.containsKey("db.url")) {
            // the embedded pass: the shared server's embedded MariaDB, so no second one starts
            String[] account = TestDatabase.embeddedAccount(shared.dataDir);
            s.put("db.url", account[0]);
            s.put("db.user", account[1]);
            s.put("db.password", account[2]);
        }
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
        broken = new KisteServer(backend);
        broken.start();
        backend.close(); // the pool is closed: every look-up fails with an SQL exception naming the pool
        brokenBase = "http://127.0.0.1:" + broken.port();
    }

    @AfterAll
    static void stop() {
        broken.stop();
    }

    private static void assertPlain(RawHttp.Answer a, int status, boolean html) {
        assertThat(a.status()).as(a.head() + "\n\n" + a.body()).isEqualTo(status);
        String head = a.head().toLowerCase(Locale.ROOT);
        assertThat(head).doesNotContain("\nserver:").doesNotContain("x-powered-by");
        assertThat(head)
                .as(a.head())
                .contains(html ? "content-type: text/html;charset=utf-8" : "content-type: text/plain;charset=utf-8");
        assertNamesNothingInside(a);
        if (html) {
            assertThat(a.body()).startsWith("<!DOCTYPE html>").contains("<h1>" + status + " ");
        } else {
            assertThat(a.body()).startsWith(status + " ").doesNotContain("<");
        }
    }

    private static void assertNamesNothingInside(RawHttp.Answer a) {
        String body = a.body().toLowerCase(Locale.ROOT);
        for (String word : INTERNALS) {
            assertThat(body).as("body of %d: %s", a.status(), a.body()).doesNotContain(word);
        }
    }

    @Test
    void uncaughtFailuresOnThePageDoorsAreThePlainPage() {
        for (String accept : new String[] {"Accept: text/html,application/xhtml+xml", "Accept: */*"}) {
            boolean html = accept.contains("html");
            // a link page, the Login Flow start and its login page all look something up in the database; a closed
            // pool is a database that cannot be reached: 503 (try again), in the same plain page
            assertPlain(RawHttp.send(brokenBase, "GET", "/s/Ab3dEf7hXyZ1234", null, null, accept), 503, html);
            assertPlain(
                    RawHttp.send(brokenBase, "GET", "/index.php/s/Ab3dEf7hXyZ1234/download", null, null, accept),
                    503,
                    html);
            assertPlain(RawHttp.send(brokenBase, "POST", "/index.php/login/v2", null, "", accept), 503, html);
            assertPlain(
                    RawHttp.send(brokenBase, "GET", "/login/v2/flow/" + "a".repeat(64), null, null, accept), 503, html);
        }
    }

    @Test
    void databaseFailuresOnWebDavAndOcsKeepTheirFormatsWithPlainMessages() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes());
        RawHttp.Answer dav =
                RawHttp.send(brokenBase, "PROPFIND", "/remote.php/dav/files/alice/", basic, null, "Depth: 0");
        assertThat(dav.status()).isEqualTo(503);
        assertThat(dav.body()).contains("<d:error").contains("<s:message>");
        assertNamesNothingInside(dav);

        RawHttp.Answer publicDav =
                RawHttp.send(brokenBase, "PROPFIND", "/public.php/dav/files/Ab3dEf7hXyZ1234/", null, null, "Depth: 0");
        assertThat(publicDav.status()).isEqualTo(503);
        assertThat(publicDav.body()).contains("<d:error");
        assertNamesNothingInside(publicDav);

        RawHttp.Answer ocs = RawHttp.send(
                brokenBase, "GET", "/ocs/v2.php/cloud/user?format=json", basic, null, "OCS-APIRequest: true");
        assertThat(ocs.body()).contains("\"ocs\"").contains("\"meta\"");
        assertNamesNothingInside(ocs);
    }

    @Test
    void jettysOwnRefusalsAreThePlainPage() {
        TestServer s = TestServer.get();
        for (String accept : new String[] {"Accept: text/html", "Accept: application/json"}) {
            boolean html = accept.contains("html");
            // the Login Flow endpoints answer with sendError
            assertPlain(RawHttp.send(s.baseUrl, "POST", "/index.php/login/v2/nowhere", null, "", accept), 404, html);
            assertPlain(RawHttp.send(s.baseUrl, "GET", "/index.php/login/v2", null, null, accept), 405, html);
            // a form body that is not URL-encoded: the servlet API refuses it
            assertPlain(
                    RawHttp.send(
                            s.baseUrl,
                            "POST",
                            "/login/v2/poll",
                            null,
                            "token=%zz%",
                            accept,
                            "Content-Type: application/x-www-form-urlencoded"),
                    400,
                    html);
            // refused before any door (a NUL in the path, a bad escape, a header line that is not one): there is no
            // request yet to ask what it accepts, so always text
            assertPlain(
                    RawHttp.send(s.baseUrl, "GET", "/remote.php/dav/files/x/a%00b", null, null, accept), 400, false);
            assertPlain(RawHttp.send(s.baseUrl, "GET", "/s/%zz", null, null, accept), 400, false);
            assertPlain(
                    RawHttp.send(
                            s.baseUrl, "GET", "/", null, null, accept, "Bad Header Without Colon java.lang.Object"),
                    400,
                    false);
        }
    }
}
