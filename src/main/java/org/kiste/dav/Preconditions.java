package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.kiste.files.Node;
import org.kiste.files.Precondition;
import org.kiste.files.PreconditionFailedException;

/**
 * The one evaluator of HTTP preconditions (RFC 9110 §13.2.2): If-Match, If-Unmodified-Since, If-None-Match and
 * If-Modified-Since, in that order. Writes get a {@link Precondition} the core evaluates inside its transaction;
 * reads get an outcome (proceed, 304 or 412).
 */
public final class Preconditions {
    public enum Outcome { PROCEED, NOT_MODIFIED, FAILED }

    private final String ifMatch;
    private final String ifNoneMatch;
    private final long ifModifiedSince;
    private final long ifUnmodifiedSince;

    private Preconditions(String ifMatch, String ifNoneMatch, long ifModifiedSince, long ifUnmodifiedSince) {
        this.ifMatch = ifMatch;
        this.ifNoneMatch = ifNoneMatch;
        this.ifModifiedSince = ifModifiedSince;
        this.ifUnmodifiedSince = ifUnmodifiedSince;
    }

    public static Preconditions of(HttpServletRequest req) {
        return new Preconditions(req.getHeader("If-Match"), req.getHeader("If-None-Match"),
                HttpDates.parse(req.getHeader("If-Modified-Since")), HttpDates.parse(req.getHeader("If-Unmodified-Since")));
    }

    public boolean none() {
        return ifMatch == null && ifNoneMatch == null && ifModifiedSince < 0 && ifUnmodifiedSince < 0;
    }

    /** Evaluates against {@code current} (null: the target does not exist). */
    public Outcome evaluate(Node current, boolean safeMethod) {
        String etag = current == null ? null : current.etag();
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, false)) {
                return Outcome.FAILED;
            }
        } else if (ifUnmodifiedSince >= 0 && current != null && seconds(current.mtime()) > seconds(ifUnmodifiedSince)) {
            return Outcome.FAILED;
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag, true)) {
                return safeMethod ? Outcome.NOT_MODIFIED : Outcome.FAILED;
            }
        } else if (safeMethod && ifModifiedSince >= 0 && current != null
                && seconds(current.mtime()) <= seconds(ifModifiedSince)) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /** The condition for a write, evaluated by the core against the state it is about to change. */
    public Precondition forWrite() {
        if (none()) {
            return Precondition.NONE;
        }
        return current -> {
            if (evaluate(current, false) != Outcome.PROCEED) {
                throw new PreconditionFailedException("precondition failed");
            }
        };
    }

    private static long seconds(long millis) {
        return millis / 1000;
    }

    /** Does an entity-tag list ({@code *} or quoted tags) match the current etag? */
    static boolean matches(String header, String etag, boolean weak) {
        String h = header.trim();
        if (h.equals("*")) {
            return etag != null;
        }
        if (etag == null) {
            return false;
        }
        for (String tag : parseList(h)) {
            boolean isWeak = tag.startsWith("W/");
            if (isWeak && !weak) {
                continue; // strong comparison: weak tags never match (RFC 9110 §8.8.3.2)
            }
            String opaque = isWeak ? tag.substring(2) : tag;
            if (opaque.length() >= 2 && opaque.startsWith("\"") && opaque.endsWith("\"")) {
                opaque = opaque.substring(1, opaque.length() - 1);
            }
            if (opaque.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static List<String> parseList(String h) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < h.length()) {
            char c = h.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (h.startsWith("W/", i)) {
                i += 2;
            }
            if (i < h.length() && h.charAt(i) == '"') {
                int end = h.indexOf('"', i + 1);
                i = end < 0 ? h.length() : end + 1;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    i++;
                }
            }
            out.add(h.substring(start, i).trim());
        }
        return out;
    }
}
