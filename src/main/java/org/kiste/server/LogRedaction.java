package org.kiste.server;

import java.util.regex.Pattern;

/**
 * Keeps bearer tokens out of the access log: a Login Flow v2 login token in a path and a poll token in a query
 * string would let anyone who reads the log finish someone else's login, and a public link's token opens the
 * link. Only the first 8 characters of a login token and the first 4 of a link token are kept, enough to follow
 * one flow or link through the log.
 */
final class LogRedaction {
    private static final Pattern TOKENS = Pattern.compile("(/login/v2/flow/|[?&]token=)([A-Za-z0-9]{8})[A-Za-z0-9]+");
    /** A link page (below an optional one-segment prefix) or a public WebDAV path, as the request line has it. */
    private static final Pattern LINKS = Pattern.compile(
            "( (?:/[^ /]+)?(?:/index\\.php)?/s/|/public\\.php/dav/files/)([A-Za-z0-9]{4})[A-Za-z0-9]{8,}");

    private LogRedaction() {}

    static String redact(String line) {
        if (line.indexOf("/login/v2") >= 0) {
            line = TOKENS.matcher(line).replaceAll("$1$2…");
        }
        if (line.indexOf("/s/") >= 0 || line.indexOf("/public.php/") >= 0) {
            line = LINKS.matcher(line).replaceAll("$1$2…");
        }
        return line;
    }
}
