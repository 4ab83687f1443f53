package org.kiste.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The client side of Login Flow v2 as the Nextcloud apps speak it: start, then poll (form body or query string). */
public final class LoginFlowClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A started flow as the server described it. */
    public record Flow(String pollToken, String pollEndpoint, String loginUrl) {}

    private LoginFlowClient() {}

    /** {@code POST url} with the given User-Agent and extra headers; asserts nothing. */
    public static HttpResponse<String> startRaw(String url, String userAgent, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    public static Flow start(String url, String userAgent, String... headers) {
        HttpResponse<String> r = startRaw(url, userAgent, headers);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login flow start: " + r.statusCode() + " " + r.body());
        }
        JsonNode j = json(r.body());
        return new Flow(
                j.path("poll").path("token").asText(),
                j.path("poll").path("endpoint").asText(),
                j.path("login").asText());
    }

    /** Polls with {@code token=…} as a form body (desktop, Android) or in the query string with no body (iOS). */
    public static HttpResponse<String> poll(String endpoint, String token, boolean inQueryString) {
        String t = URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpRequest.Builder b = inQueryString
                ? HttpRequest.newBuilder(URI.create(endpoint + "?token=" + t)).POST(HttpRequest.BodyPublishers.noBody())
                : HttpRequest.newBuilder(URI.create(endpoint))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + t));
        return send(b.timeout(Duration.ofSeconds(30)));
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
