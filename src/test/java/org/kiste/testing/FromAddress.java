package org.kiste.testing;

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
        RawHttp.Answer a = RawHttp.sendFrom(local, base.toString(), method, target, authorization, body, headerLines);
        return new Answer(a.status(), a.head(), a.body());
    }
}
