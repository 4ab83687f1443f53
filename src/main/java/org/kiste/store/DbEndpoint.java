package org.kiste.store;

/** Where the metadata database is: a JDBC URL and credentials. */
public record DbEndpoint(String url, String user, String password) {
    private static final int DEFAULT_PORT = 3306;

    /**
     * The TCP port of the URL's (first) host: {@code jdbc:mariadb://host:port/db}, an IPv6 literal in brackets
     * ({@code [::1]:3307}), several hosts ({@code a:3307,b:3308}: the first), or the default 3306 when none is
     * given or the URL does not say (a local socket).
     */
    public int port() {
        String rest = url;
        int scheme = rest.indexOf("//");
        if (scheme < 0) {
            return DEFAULT_PORT;
        }
        rest = rest.substring(scheme + 2);
        int end = indexOfAny(rest, "/?");
        String hosts = end < 0 ? rest : rest.substring(0, end);
        hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
        String host = first(hosts);
        String port;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !host.startsWith(":", close + 1)) {
                return DEFAULT_PORT;
            }
            port = host.substring(close + 2);
        } else {
            int colon = host.lastIndexOf(':');
            if (colon < 0) {
                return DEFAULT_PORT;
            }
            port = host.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            return p > 0 && p < 65536 ? p : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    /** The first of comma-separated hosts (a comma inside brackets is not a separator). */
    private static String first(String hosts) {
        int depth = 0;
        for (int i = 0; i < hosts.length(); i++) {
            char ch = hosts.charAt(i);
            if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                return hosts.substring(0, i);
            }
        }
        return hosts;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return url + " (user " + user + ")";
    }
}
