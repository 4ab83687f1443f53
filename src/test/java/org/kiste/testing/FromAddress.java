package org.kiste.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a socket bound to a chosen loopback address (127.0.0.2, 127.0.0.3, …), so that one test can
 * stand in for clients at several addresses; {@code java.net.http} cannot choose its source address.
 */
public final class FromAddress {
    public record Answer(int status, String head, String body) {
        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return Optional.of(line.substring(prefix.length()).trim());
                }
            }
            return Optional.empty();
        }

        public long retryAfter() {
            return Long.parseLong(
                    header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + head)));
        }
    }

    private final String local;
    private final URI base;

    public FromAddress(String localAddress, String baseUrl) {
        this.local = localAddress;
        this.base = URI.create(baseUrl);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** PROPFIND (depth 0) of the user's files root with these Basic credentials. */
    public Answer propfind(String user, String password) {
        return send("PROPFIND", "/remote.php/dav/files/" + user + "/", basic(user, password), null, "Depth: 0");
    }

    /** Sends {@code method target} with optional extra header lines ("Name: value") and a body. */
    public Answer send(String method, String target, String authorization, String body, String... headerLines) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        req.append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        req.append("Connection: close\r\n");
        if (authorization != null) {
            req.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        req.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        try (Socket sock = new Socket()) {
            sock.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            sock.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            sock.setSoTimeout(30_000);
            OutputStream out = sock.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            InputStream in = sock.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String rest = end < 0 ? "" : text.substring(end + 4);
            return new Answer(Integer.parseInt(head.split("\r\n", 2)[0].split(" ")[1]), head, rest);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target + " from " + local + ": " + e, e);
        }
    }
}
