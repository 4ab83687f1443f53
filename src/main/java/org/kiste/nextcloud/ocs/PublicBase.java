package org.kiste.nextcloud.ocs;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;

/**
 * The absolute base URL links are built on: {@code public.url} when configured, otherwise the request's own
 * scheme, host and port (as believed through trusted proxies' forwarding headers) and the context path.
 */
final class PublicBase {
    private final String configured;

    PublicBase(Optional<URI> publicUrl) {
        this.configured =
                publicUrl.map(URI::toString).map(PublicBase::trimSlash).orElse(null);
    }

    String of(HttpServletRequest req) {
        if (configured != null) {
            return configured;
        }
        String scheme = req.getScheme();
        int port = req.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = req.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + req.getContextPath();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
