package org.kiste.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser as far as the login pages need one: a cookie jar, form posts, no automatic redirects (tests look at
 * each 303), and every request with the same extra headers (e.g. {@code Accept-Language}).
 */
public final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"|[?;]csrf=([^\"&]*)");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String[] headers;

    public Browser(String... headers) {
        this.headers = headers;
    }

    public HttpResponse<String> get(String url) {
        return send(builder(url).GET());
    }

    /** POSTs an application/x-www-form-urlencoded form; fields are given as name, value, name, value… */
    public HttpResponse<String> post(String url, String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(builder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /**
     * POSTs a multipart/form-data form: {@code fields} as name, value pairs, and {@code files} as file name →
     * content, all under the form field {@code fileField}.
     */
    public HttpResponse<String> postMultipart(
            String url, Map<String, String> fields, String fileField, Map<String, byte[]> files) {
        String boundary = "----kiste" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        fields.forEach((k, v) -> write(
                body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
        files.forEach((name, bytes) -> {
            write(
                    body,
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                            + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(bytes);
            write(body, "\r\n");
        });
        write(body, "--" + boundary + "--\r\n");
        return send(builder(url)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void write(java.io.ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** GETs and returns the body as bytes (downloads). */
    public HttpResponse<byte[]> getBytes(String url) {
        try {
            return http.send(builder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CSRF token of the form in a page, or null. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        // a hidden field, or the address of an upload form
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    private HttpRequest.Builder builder(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
