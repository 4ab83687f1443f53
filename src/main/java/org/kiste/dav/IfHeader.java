package org.kiste.dav;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kiste.model.BadRequestException;

/**
 * The WebDAV {@code If} header (RFC 4918 §10.4): lists of conditions, optionally tagged with the resource they
 * apply to. A list holds when all its conditions hold; the header holds for a resource when any list that
 * applies to it holds.
 */
public final class IfHeader {
    /** One condition: a state token ({@code <opaquelocktoken:…>}) or an entity tag ({@code ["…"]}), maybe negated. */
    public record Condition(boolean not, String stateToken, String etag) {}

    /** A parenthesised list; {@code resource} is the raw tag (absolute URL or path) or null when untagged. */
    public record ConditionList(String resource, List<Condition> conditions) {}

    private final List<ConditionList> lists;

    private IfHeader(List<ConditionList> lists) {
        this.lists = List.copyOf(lists);
    }

    public List<ConditionList> lists() {
        return lists;
    }

    /** Every state token that appears without {@code Not}: the lock tokens the client submits (RFC 4918 §10.4.1). */
    public Set<String> submittedTokens() {
        Set<String> out = new LinkedHashSet<>();
        for (ConditionList l : lists) {
            for (Condition c : l.conditions()) {
                if (c.stateToken() != null && !c.not()) {
                    out.add(c.stateToken());
                }
            }
        }
        return out;
    }

    public boolean tagged() {
        return !lists.isEmpty() && lists.get(0).resource() != null;
    }

    /** Parses the header; null or blank gives null. Malformed headers are a 400 (RFC 4918 §10.4.2). */
    public static IfHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        List<ConditionList> out = new ArrayList<>();
        String s = header;
        int i = 0;
        String tag = null;
        Boolean taggedForm = null;
        while (true) {
            i = skipSpace(s, i);
            if (i >= s.length()) {
                break;
            }
            char c = s.charAt(i);
            if (c == '<') {
                int end = s.indexOf('>', i);
                if (end < 0) {
                    throw bad();
                }
                if (Boolean.FALSE.equals(taggedForm)) {
                    throw bad(); // tagged and untagged lists cannot be mixed
                }
                taggedForm = true;
                tag = s.substring(i + 1, end).trim();
                i = end + 1;
                i = skipSpace(s, i);
                if (i >= s.length() || s.charAt(i) != '(') {
                    throw bad();
                }
            } else if (c == '(') {
                if (taggedForm == null) {
                    taggedForm = false;
                }
                if (taggedForm && tag == null) {
                    throw bad();
                }
                int[] pos = {i + 1};
                List<Condition> conds = parseList(s, pos);
                out.add(new ConditionList(taggedForm ? tag : null, conds));
                i = pos[0];
            } else {
                throw bad();
            }
        }
        if (out.isEmpty()) {
            throw bad();
        }
        return new IfHeader(out);
    }

    private static List<Condition> parseList(String s, int[] pos) {
        List<Condition> conds = new ArrayList<>();
        int i = pos[0];
        while (true) {
            i = skipSpace(s, i);
            if (i >= s.length()) {
                throw bad();
            }
            char c = s.charAt(i);
            if (c == ')') {
                if (conds.isEmpty()) {
                    throw bad();
                }
                pos[0] = i + 1;
                return conds;
            }
            boolean not = false;
            if (s.regionMatches(true, i, "Not", 0, 3)) {
                not = true;
                i = skipSpace(s, i + 3);
                if (i >= s.length()) {
                    throw bad();
                }
                c = s.charAt(i);
            }
            if (c == '<') {
                int end = s.indexOf('>', i);
                if (end < 0) {
                    throw bad();
                }
                conds.add(new Condition(not, s.substring(i + 1, end).trim(), null));
                i = end + 1;
            } else if (c == '[') {
                int end = etagEnd(s, i + 1);
                String tag = s.substring(i + 1, end).trim();
                conds.add(new Condition(not, null, tag));
                i = end + 1;
            } else {
                throw bad();
            }
        }
    }

    /** Index of the ']' closing an entity tag; quotes may contain ']'. */
    private static int etagEnd(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i;
            }
        }
        throw bad();
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length()
                && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    private static BadRequestException bad() {
        return new BadRequestException("malformed If header");
    }

    /** The etag inside {@code ["…"]} without quotes or the weak prefix, for comparison with a stored etag. */
    public static String opaque(String entityTag) {
        String t = entityTag.startsWith("W/") ? entityTag.substring(2) : entityTag;
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}
