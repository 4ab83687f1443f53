package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.Eventually;
import org.kiste.testing.FreezableProxy;
import org.kiste.testing.TestDatabase;

/**
 * A server whose database freezes (a relay in front of it that stops passing bytes, as SIGSTOP of mariadbd would):
 * every door answers within 5 s with 503, {@code Retry-After} and a body naming no internals; {@code /health}
 * says why; once the database answers again, service resumes by itself.
 */
class DatabaseUnreachableTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyDoorAnswers503WithinSecondsAndServiceResumes() throws Exception {
        Assumptions.assumeTrue(
                TestDatabase.mode() == TestDatabase.Mode.SERVICE, "the relay stands in front of the service database");
        Path data = TestDatabase.tempDir("kiste-dbdown-");
        Map<String, String> s = TestDatabase.isolatedSettings(data);
        try (FreezableProxy proxy = FreezableProxy.before(s.get("db.url"))) {
            s.put("db.url", proxy.relayed(s.get("db.url")));
            s.put("port", "0");
            s.put("bind", "127.0.0.1");
            Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
            KisteServer server = new KisteServer(backend);
            try {
                server.start();
                String base = "http://127.0.0.1:" + server.port();
                backend.users().add("frozen", "pw-frozen", false, null, null, -1);
                String auth = "Basic "
                        + Base64.getEncoder().encodeToString("frozen:pw-frozen".getBytes(StandardCharsets.UTF_8));
                HttpRequest propfind = HttpRequest.newBuilder(URI.create(base + "/remote.php/dav/files/frozen/"))
                        .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                        .header("Depth", "1")
                        .header("Authorization", auth)
                        .build();
                HttpRequest ocs = HttpRequest.newBuilder(URI.create(base + "/ocs/v2.php/cloud/user"))
                        .header("OCS-APIRequest", "true")
                        .header("Authorization", auth)
                        .build();
                HttpRequest page = HttpRequest.newBuilder(URI.create(base + "/s/aaaaaaaaaaaaaaa"))
                        .header("Accept", "text/html")
                        .build();
                HttpRequest health =
                        HttpRequest.newBuilder(URI.create(base + "/health")).build();
                assertThat(send(propfind).statusCode()).isEqualTo(207);
                assertThat(send(health).statusCode()).isEqualTo(200);

                proxy.freeze();
                HttpResponse<String> dav = timed(propfind);
                assertThat(dav.statusCode()).isEqualTo(503);
                assertThat(dav.headers().firstValue("Retry-After")).isPresent();
                assertThat(dav.body()).contains("temporarily unavailable").doesNotContain("Exception", "Hikari");
                HttpResponse<String> o = timed(ocs);
                assertThat(o.statusCode()).isEqualTo(503);
                assertThat(o.headers().firstValue("Retry-After")).isPresent();
                assertThat(o.body())
                        .contains("<ocs>", "temporarily unavailable")
                        .doesNotContain("Exception", "Hikari");
                HttpResponse<String> p = timed(page);
                assertThat(p.statusCode()).isEqualTo(503);
                assertThat(p.headers().firstValue("Retry-After")).isPresent();
                assertThat(p.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).matches("text/(plain|html);charset=utf-8"));
                assertThat(p.body()).contains("503 Service Unavailable").doesNotContain("Exception", "Hikari");
                HttpResponse<String> h = timed(health);
                assertThat(h.statusCode()).isEqualTo(503);
                assertThat(h.body()).contains("database unreachable");

                proxy.thaw();
                Eventually.status(() -> send(health).statusCode(), 200, Duration.ofSeconds(30), "health after thaw");
                Eventually.status(
                        () -> send(propfind).statusCode(), 207, Duration.ofSeconds(30), "PROPFIND after thaw");
            } finally {
                proxy.thaw();
                server.stop();
                backend.close();
            }
        }
    }

    private HttpResponse<String> timed(HttpRequest req) {
        long start = System.nanoTime();
        HttpResponse<String> r = send(req);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println(
                req.method() + " " + req.uri().getPath() + " -> " + r.statusCode() + " in " + took.toMillis() + " ms");
        assertThat(took)
                .as("%s %s answered within 5 s", req.method(), req.uri())
                .isLessThan(DEADLINE);
        return r;
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(
                    HttpRequest.newBuilder(req, (n, v) -> true)
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
