package org.kiste.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A tiny WebDAV client over java.net.http for tests: real HTTP to the real server on loopback. */
public final class Dav {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public final String baseUrl;
    public final String login;
    private final String auth;
    /** Encoded folder below the user's root that relative paths start from ("" or e.g. "/t1"). */
    private final String prefix;

    public Dav(String baseUrl, String login, String password) {
        this(
                baseUrl,
                login,
                password == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)),
                "");
    }

    private Dav(String baseUrl, String login, String auth, String prefix) {
        this.baseUrl = baseUrl;
        this.login = login;
        this.auth = auth;
        this.prefix = prefix;
    }

    /**
     * The same login working inside a fresh folder (created here), so tests sharing one account do not see each
     * other's files; relative paths, {@link #url} and {@link #home} all start there.
     */
    public Dav in(String folder) {
        HttpResponse<String> r = mkcol(enc(folder));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("MKCOL " + folder + ": " + r.statusCode() + " " + r.body());
        }
        return new Dav(baseUrl, login, auth, prefix + "/" + enc(folder));
    }

    /** The href (encoded, absolute path, trailing slash) of the folder relative paths start from. */
    public String home() {
        return "/remote.php/dav/files/" + login + prefix + "/";
    }

    /** The Authorization header value this client sends, or null. */
    public String authorization() {
        return auth;
    }

    /** The encoded path of that folder relative to the user's root: "/" or e.g. "/t1/". */
    public String rel() {
        return prefix + "/";
    }

    /** URL of a path (already percent-encoded) in this user's tree under /remote.php/dav/files/{user}. */
    public String url(String encodedPath) {
        return baseUrl + "/remote.php/dav/files/" + login + prefix + (encodedPath.startsWith("/") ? "" : "/")
                + encodedPath;
    }

    public HttpRequest.Builder request(String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public HttpResponse<String> send(String method, String url, String body, String... headers) {
        try {
            return HTTP.send(request(method, url, body, headers).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendBytes(String method, String url, byte[] body, String... headers) {
        try {
            HttpRequest.Builder b = request(method, url, null, headers)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same login without credentials: every request goes out anonymous. */
    public Dav anonymous() {
        return new Dav(baseUrl, login, null, prefix);
    }

    /** The same login with another password. */
    public Dav withPassword(String password) {
        Dav d = new Dav(baseUrl, login, password);
        return new Dav(baseUrl, login, d.auth, prefix);
    }

    /** A URL on this server from a raw (already encoded) absolute path, e.g. {@code /remote.php/webdav/a.txt}. */
    public String at(String rawAbsolutePath) {
        return baseUrl + rawAbsolutePath;
    }

    /** Percent-encodes one name as UTF-8: everything but RFC 3986 unreserved characters. */
    /** The numeric node id in an {@code OC-FileId} reply header ({@code 00000042oc…}). */
    public static long nodeId(java.net.http.HttpResponse<?> r) {
        String h = r.headers()
                .firstValue("OC-FileId")
                .orElseThrow(() -> new AssertionError("no OC-FileId: " + r.headers()));
        return Long.parseLong(h.substring(0, h.indexOf("oc")));
    }

    public static String enc(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** Encodes each segment of a plain path ("a b/c.txt" → "a%20b/c.txt"). */
    public static String encPath(String path) {
        java.util.StringJoiner j = new java.util.StringJoiner("/");
        for (String seg : path.split("/", -1)) {
            j.add(enc(seg));
        }
        return j.toString();
    }

    /** Strict percent-decoding of a path as UTF-8 ('+' stays '+': paths are not forms). */
    public static String decode(String raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public HttpResponse<String> head(String path, String... headers) {
        return send("HEAD", url(path), null, headers);
    }

    public HttpResponse<String> proppatch(String path, String body, String... headers) {
        String[] h = new String[headers.length + 2];
        h[0] = "Content-Type";
        h[1] = "application/xml; charset=utf-8";
        System.arraycopy(headers, 0, h, 2, headers.length);
        return send("PROPPATCH", url(path), body, h);
    }

    /** PROPFIND for the named properties (Clark notation {@code {ns}local}; bare names are DAV:), parsed. */
    public MultiStatus props(String path, String depth, String... clarkNames) {
        HttpResponse<String> r = propfind(path, depth, MultiStatus.propBody(clarkNames));
        return MultiStatus.parse(r);
    }

    /** MOVE or COPY with a Destination header taken as given. */
    public HttpResponse<String> transferRaw(String method, String from, String destination, String... extra) {
        String[] h = new String[extra.length + 2];
        h[0] = "Destination";
        h[1] = destination;
        System.arraycopy(extra, 0, h, 2, extra.length);
        return send(method, url(from), null, h);
    }

    /** Sends as a given client would: its User-Agent on top of {@code headers}; {@code path} is in this tree. */
    public HttpResponse<String> sendAs(String userAgent, String method, String path, String body, String... headers) {
        String[] h = java.util.Arrays.copyOf(headers, headers.length + 2);
        h[headers.length] = "User-Agent";
        h[headers.length + 1] = userAgent;
        return send(method, url(path), body, h);
    }

    public HttpResponse<String> put(String path, String content, String... headers) {
        return send("PUT", url(path), content, headers);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", url(path), null, headers);
    }

    public HttpResponse<String> mkcol(String path) {
        return send("MKCOL", url(path), null);
    }

    public HttpResponse<String> propfind(String path, String depth, String body) {
        return send("PROPFIND", url(path), body, "Depth", depth, "Content-Type", "application/xml");
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send("DELETE", url(path), null, headers);
    }

    public HttpResponse<String> move(String from, String to, String... extra) {
        return transfer("MOVE", from, to, extra);
    }

    public HttpResponse<String> copy(String from, String to, String... extra) {
        return transfer("COPY", from, to, extra);
    }

    private HttpResponse<String> transfer(String method, String from, String to, String... extra) {
        String[] h = new String[extra.length + 2];
        h[0] = "Destination";
        h[1] = url(to);
        System.arraycopy(extra, 0, h, 2, extra.length);
        return send(method, url(from), null, h);
    }

    /** The getetag of a path (quotes stripped), or null. */
    public String etag(String path) {
        HttpResponse<String> r = propfind(
                path,
                "0",
                "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>");
        if (r.statusCode() != 207) {
            return null;
        }
        String b = r.body();
        int i = b.indexOf("<d:getetag>");
        if (i < 0) {
            return null;
        }
        int j = b.indexOf("</d:getetag>", i);
        return b.substring(i + 11, j).replace("\"", "").replace("&quot;", "");
    }
}
