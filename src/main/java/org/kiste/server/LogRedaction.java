package org.kiste.server;

import java.util.regex.Pattern;

/**
 * What every log line goes through ({@link SafeMessageConverter}, {@link SafeThrowableConverter}): bearer tokens
 * are cut, and line breaks and other control characters that came in with a request are escaped, so a request
 * cannot forge a log line. A Login Flow v2 login token in a path and a poll token in a query string would let
 * anyone who reads the log finish someone else's login, and a public link's token opens the link. Only the first 8
 * characters of a login token and the first 4 of a link token are kept, enough to follow one flow or link through
 * the log.
 */
public final class LogRedaction {
    private static final Pattern TOKENS = Pattern.compile("(/login/v2/flow/|[?&]token=)([A-Za-z0-9]{8})[A-Za-z0-9]+");
    /**
     * A link page (below an optional one-segment prefix) or a public WebDAV path, where a path starts: after a space
     * (a request line), a quote, or at the start of a message (Jetty names the path of a failed request first).
     */
    private static final Pattern LINKS = Pattern.compile(
            "((?:^|[ \"'])(?:/[^ /]+)?(?:/index\\.php)?/s/|/public\\.php/dav/files/)([A-Za-z0-9]{4})[A-Za-z0-9]{8,}");

    private LogRedaction() {}

    /** The text as it may go into a log line: tokens cut, control characters escaped. */
    public static String clean(String text) {
        return text == null ? null : escape(redact(text));
    }

    static String redact(String line) {
        if (line.indexOf("/login/v2") >= 0) {
            line = TOKENS.matcher(line).replaceAll("$1$2…");
        }
        if (line.indexOf("/s/") >= 0 || line.indexOf("/public.php/") >= 0) {
            line = LINKS.matcher(line).replaceAll("$1$2…");
        }
        return line;
    }

    /**
     * CR and LF as {@code \r} and {@code \n}, other control characters (and the Unicode line and paragraph
     * separators some viewers break lines at) as {@code \}{@code uXXXX}; a tab stays.
     */
    static String escape(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (needsEscape(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
