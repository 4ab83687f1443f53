package org.kiste.dav.xml;

import java.io.IOException;
import java.io.Writer;

/** A small streaming XML writer: no DOM, no per-call allocation beyond the text it writes. */
public final class XmlWriter {
    private final Writer out;

    public XmlWriter(Writer out) {
        this.out = out;
    }

    public XmlWriter raw(String s) throws IOException {
        out.write(s);
        return this;
    }

    public XmlWriter text(String s) throws IOException {
        escape(out, s, false);
        return this;
    }

    public XmlWriter flush() throws IOException {
        out.flush();
        return this;
    }

    /** Escapes text or attribute content; characters XML 1.0 cannot carry are dropped. */
    public static void escape(Writer out, String s, boolean attribute) throws IOException {
        if (out instanceof Utf8Writer u) {
            u.writeEscaped(s, attribute);
            return;
        }
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = replacement(c, attribute);
            if (rep != null) {
                if (i > start) {
                    out.write(s, start, i - start);
                }
                out.write(rep);
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.write(s, start, s.length() - start);
        }
    }

    /** What stands for {@code c} in escaped text: null when it stands for itself, empty when it is dropped. */
    static String replacement(char c, boolean attribute) {
        return switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> attribute ? "&quot;" : null;
            case '\r' -> "&#13;";
            default -> (c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF ? "" : null;
        };
    }

    public static String escape(String s, boolean attribute) {
        java.io.StringWriter w = new java.io.StringWriter(s.length() + 16);
        try {
            escape(w, s, attribute);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
