package org.kiste.server;

import java.util.regex.Pattern;

/**
 * Keeps bearer tokens out of the access log: a Login Flow v2 login token in a path and a poll token in a query
 * string would let anyone who reads the log finish someone else's login. Only the first 8 characters are kept,
 * enough to follow one flow through the log.
 */
final class LogRedaction {
    private static final Pattern TOKENS = Pattern.compile("(/login/v2/flow/|[?&]token=)([A-Za-z0-9]{8})[A-Za-z0-9]+");

    private LogRedaction() {
    }

    static String redact(String line) {
        if (line.indexOf("/login/v2") < 0) {
            return line;
        }
        return TOKENS.matcher(line).replaceAll("$1$2…");
    }
}
