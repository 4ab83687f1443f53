package org.kiste.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** HTML escaping for text and attribute values: every interpolated value of Kiste's pages goes through it. */
public final class Html {
    /** CSP source expressions ({@code 'sha256-…'}) of every stylesheet made by {@link #style}. */
    private static final Set<String> STYLE_HASHES = new ConcurrentSkipListSet<>();

    private Html() {}

    /**
     * A {@code <style>} element for one of Kiste's own constant stylesheets; its hash is what the pages'
     * Content-Security-Policy allows, so no other inline style (and no script at all) can apply.
     */
    public static String style(String css) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
            STYLE_HASHES.add("'sha256-" + Base64.getEncoder().encodeToString(d) + "'");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "<style>" + css + "</style>";
    }

    /** The style-src of the pages: the hashes of the stylesheets made so far, or {@code 'none'}. */
    static String styleSources() {
        return STYLE_HASHES.isEmpty() ? "'none'" : String.join(" ", STYLE_HASHES);
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // C0 controls other than tab/newline have no business in a page; show them as U+FFFD
                    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' || ch == 0x7f) {
                        out.append('\uFFFD');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
