package org.kiste.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every log line goes through ({@link SafeMessageConverter}, {@link SafeThrowableConverter}): bearer tokens
 * are cut, and line breaks and other control characters that came in with a request are escaped, so a request
 * cannot forge a log line. A Login Flow v2 login token in a path and a poll token in a query string would let
 * anyone who reads the log finish someone else's login, and a public link's token opens the link. Only the first 8
 * characters of a login token and the first 4 of a link token are kept, enough to follow one flow or link through
 * the log. The form token a link page puts in its upload form's address ({@code csrf=}) is cut whole: with the
 * page's session cookie it would let a forged form upload in the visitor's name. Tokens are found in the text with
 * its percent-escapes of letters, digits, {@code /}, {@code .}, {@code -} and {@code _} decoded, as Jetty decodes a
 * path before it is routed, so {@code /s/%41b…} is cut like {@code /s/Ab…}.
 */
public final class LogRedaction {
    private static final Pattern TOKENS = Pattern.compile("(/login/v2/flow/|[?&]token=)([A-Za-z0-9]{8})[A-Za-z0-9]+");
    /**
     * A link page (below an optional one-segment prefix) or a public WebDAV path, where a path starts: after a space
     * (a request line), a quote, or at the start of a message (Jetty names the path of a failed request first).
     */
    private static final Pattern LINKS = Pattern.compile(
            "((?:^|[ \"'])(?:/[^ /]+)?(?:/index\\.php)?/s/|/public\\.php/dav/files/)([A-Za-z0-9]{4})[A-Za-z0-9]{8,}");

    /** A form token in a query string (base64url), cut from its first character. */
    private static final Pattern FORM_TOKENS = Pattern.compile("([?&]csrf=)()[A-Za-z0-9_-]+");

    private LogRedaction() {}

    /** The text as it may go into a log line: tokens cut, control characters escaped. */
    public static String clean(String text) {
        return text == null ? null : escape(redact(text));
    }

    static String redact(String line) {
        if (line.indexOf('%') < 0
                && line.indexOf("/login/v2") < 0
                && line.indexOf("/s/") < 0
                && line.indexOf("/public.php/") < 0) {
            return line; // nothing escaped and nothing to cut (the common request line): no decoded copy made
        }
        Unescaped plain = unescape(line);
        boolean login = plain.text().indexOf("/login/v2") >= 0;
        boolean links = plain.text().indexOf("/s/") >= 0 || plain.text().indexOf("/public.php/") >= 0;
        boolean forms = plain.text().indexOf("csrf=") >= 0;
        if (!login && !links && !forms) {
            return line;
        }
        // the cuts, found in the decoded text, made in the line as it came (a token keeps its first characters in
        // the form they were sent in)
        java.util.TreeMap<Integer, Integer> cuts = new java.util.TreeMap<>();
        if (login) {
            cut(TOKENS.matcher(plain.text()), plain, cuts);
        }
        if (links) {
            cut(LINKS.matcher(plain.text()), plain, cuts);
        }
        if (forms) {
            cut(FORM_TOKENS.matcher(plain.text()), plain, cuts);
        }
        if (cuts.isEmpty()) {
            return line;
        }
        StringBuilder b = new StringBuilder(line.length());
        int at = 0;
        for (var c : cuts.entrySet()) {
            if (c.getKey() >= at) {
                b.append(line, at, c.getKey()).append('…');
                at = c.getValue();
            }
        }
        return b.append(line, at, line.length()).toString();
    }

    private static void cut(Matcher m, Unescaped plain, java.util.Map<Integer, Integer> cuts) {
        while (m.find()) {
            cuts.put(plain.origin()[m.end(2)], plain.origin()[m.end()]);
        }
    }

    /** A text with its percent-escapes of letters, digits, {@code /}, {@code .}, {@code -} and {@code _} decoded. */
    private record Unescaped(String text, int[] origin) {}

    /**
     * Decodes the escapes a client may use to write a token or a path in another form ({@code /s/%41bc…}): the
     * paths are decoded before they are routed, so the same link is reached. {@code origin[i]} is where the i-th
     * decoded character began in the line.
     */
    private static Unescaped unescape(String line) {
        int[] origin = new int[line.length() + 1];
        if (line.indexOf('%') < 0) {
            for (int i = 0; i <= line.length(); i++) {
                origin[i] = i;
            }
            return new Unescaped(line, origin);
        }
        StringBuilder d = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            origin[d.length()] = i;
            char c = line.charAt(i);
            int v = c == '%' && i + 2 < line.length()
                    ? Character.digit(line.charAt(i + 1), 16) << 4 | Character.digit(line.charAt(i + 2), 16)
                    : -1;
            if (v >= 0 && (Character.isLetterOrDigit(v) && v < 0x80 || v == '/' || v == '.' || v == '-' || v == '_')) {
                d.append((char) v);
                i += 3;
            } else {
                d.append(c);
                i++;
            }
        }
        origin[d.length()] = line.length();
        return new Unescaped(d.toString(), origin);
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
