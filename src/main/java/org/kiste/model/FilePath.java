package org.kiste.model;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path inside one user's tree: a list of validated, NFC-normalised names. Construction is the only place
 * where names are checked, so nothing downstream sees {@code .}, {@code ..}, a slash, NUL, control bytes or bidi
 * controls.
 */
public final class FilePath {
    public static final FilePath ROOT = new FilePath(List.of());
    public static final int MAX_NAME_BYTES = 255;

    private final List<String> names;

    private FilePath(List<String> names) {
        this.names = names;
    }

    /** Parses already percent-decoded segments; empty segments (double or trailing slashes) are skipped. */
    public static FilePath of(List<String> rawSegments) {
        List<String> out = new ArrayList<>(rawSegments.size());
        for (String raw : rawSegments) {
            if (raw.isEmpty()) {
                continue;
            }
            out.add(name(raw));
        }
        return new FilePath(Collections.unmodifiableList(out));
    }

    public static FilePath parse(String decodedPath) {
        return of(List.of(decodedPath.split("/", -1)));
    }

    /** Validates and normalises a single name. */
    public static String name(String raw) {
        if (plainAscii(raw)) {
            // NFC leaves ASCII as it is, and each character is one byte: only the dot names remain to refuse
            if (raw.equals(".") || raw.equals("..")) {
                throw new BadRequestException("invalid name " + Echo.quoted(raw));
            }
            return raw;
        }
        String n = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            throw new BadRequestException("invalid name " + Echo.quoted(raw));
        }
        for (int i = 0; i < n.length(); i++) {
            char ch = n.charAt(i);
            if (ch == '/' || ch < 0x20 || ch == 0x7f || isBidiControl(ch)) {
                throw new BadRequestException("name contains a forbidden character");
            }
        }
        if (n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || n.codePointCount(0, n.length()) > MAX_NAME_BYTES) {
            throw new BadRequestException("name is longer than 255 bytes");
        }
        return n;
    }

    /** Non-empty, at most {@link #MAX_NAME_BYTES} long, printable ASCII without '/' (DEL and controls excluded). */
    private static boolean plainAscii(String raw) {
        int len = raw.length();
        if (len == 0 || len > MAX_NAME_BYTES) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char ch = raw.charAt(i);
            if (ch < 0x20 || ch >= 0x7f || ch == '/') {
                return false;
            }
        }
        return true;
    }

    /**
     * The invisible characters that reorder text (Unicode TR9): "invoice" + U+202E + "fdp.exe" shows as
     * "invoiceexe.pdf". Marks, embeddings, overrides and isolates, and the Arabic letter mark.
     */
    public static boolean isBidiControl(char ch) {
        return ch == 0x200e
                || ch == 0x200f
                || (ch >= 0x202a && ch <= 0x202e)
                || (ch >= 0x2066 && ch <= 0x2069)
                || ch == 0x061c;
    }

    /** True when {@code text} has a control character or a character that reorders text (see above). */
    public static boolean hasControlOrBidi(String text) {
        return text.chars().anyMatch(ch -> Character.isISOControl(ch) || isBidiControl((char) ch));
    }

    public List<String> names() {
        return names;
    }

    public int depth() {
        return names.size();
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    public String last() {
        return names.isEmpty() ? "" : names.get(names.size() - 1);
    }

    public FilePath parent() {
        if (names.isEmpty()) {
            throw new IllegalStateException("root has no parent");
        }
        return new FilePath(names.subList(0, names.size() - 1));
    }

    /** The first {@code n} names of this path: its ancestor at depth {@code n}. */
    public FilePath prefix(int n) {
        return new FilePath(names.subList(0, Math.min(n, names.size())));
    }

    /** This path with its first {@code n} names removed: the part below a mount point. */
    public FilePath dropFirst(int n) {
        return new FilePath(names.subList(Math.min(n, names.size()), names.size()));
    }

    public FilePath child(String name) {
        List<String> n = new ArrayList<>(names);
        n.add(name(name));
        return new FilePath(Collections.unmodifiableList(n));
    }

    /** True when {@code this} equals {@code other} or lies inside it. */
    public boolean isWithin(FilePath other) {
        return names.size() >= other.names.size()
                && names.subList(0, other.names.size()).equals(other.names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilePath p && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "/" + String.join("/", names);
    }
}
