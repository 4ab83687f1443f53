package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kiste.files.LockService;
import org.kiste.files.Precondition;
import org.kiste.files.Resolved;
import org.kiste.model.Node;
import org.kiste.model.PreconditionFailedException;

/**
 * The one evaluator of request preconditions: RFC 9110 §13.2.2 (If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since, in that order) and WebDAV's {@code If} header (RFC 4918 §10.4). Writes get a
 * {@link Precondition} the core evaluates inside its transaction, carrying the submitted lock tokens; the If
 * header's lists are checked against the resources they name ({@link #requireIf}); reads get an outcome.
 */
public final class Preconditions {
    public enum Verdict {
        PROCEED,
        NOT_MODIFIED,
        FAILED
    }

    private final String ifMatch;
    private final String ifNoneMatch;
    private final long ifModifiedSince;
    private final long ifUnmodifiedSince;
    private final IfHeader ifHeader;

    private Preconditions(
            String ifMatch, String ifNoneMatch, long ifModifiedSince, long ifUnmodifiedSince, IfHeader ifHeader) {
        this.ifMatch = ifMatch;
        this.ifNoneMatch = ifNoneMatch;
        this.ifModifiedSince = ifModifiedSince;
        this.ifUnmodifiedSince = ifUnmodifiedSince;
        this.ifHeader = ifHeader;
    }

    /** Reads the request's conditions; a malformed If header is a 400. */
    public static Preconditions of(HttpServletRequest req) {
        return new Preconditions(
                req.getHeader("If-Match"),
                req.getHeader("If-None-Match"),
                HttpDates.parse(req.getHeader("If-Modified-Since")),
                HttpDates.parse(req.getHeader("If-Unmodified-Since")),
                IfHeader.parse(req.getHeader("If")));
    }

    public boolean none() {
        return ifMatch == null && ifNoneMatch == null && ifModifiedSince < 0 && ifUnmodifiedSince < 0;
    }

    /** The lock tokens the request submits (from its If header). */
    public Set<String> lockTokens() {
        return ifHeader == null ? Set.of() : ifHeader.submittedTokens();
    }

    public IfHeader ifHeader() {
        return ifHeader;
    }

    /**
     * Evaluates the If header: it holds when any of its lists holds for the resource the list names ({@code target}
     * for untagged lists). A state token holds when it is the token of a lock covering that resource; an entity tag
     * when it is the resource's current etag. Otherwise 412 (RFC 4918 §10.4.1).
     */
    public void requireIf(DavExchange x, DavNode target) {
        if (ifHeader == null) {
            return;
        }
        Map<String, ResourceState> states = new HashMap<>();
        for (IfHeader.ConditionList list : ifHeader.lists()) {
            String key = list.resource() == null ? "" : list.resource();
            ResourceState st = states.computeIfAbsent(key, k -> stateOf(x, list.resource(), target));
            if (holds(list, st)) {
                return;
            }
        }
        throw new PreconditionFailedException("no list of the If header holds");
    }

    private record ResourceState(String etag, Set<String> tokens) {}

    private static boolean holds(IfHeader.ConditionList list, ResourceState st) {
        for (IfHeader.Condition c : list.conditions()) {
            boolean v = c.stateToken() != null
                    ? st.tokens().contains(c.stateToken())
                    : st.etag() != null && IfHeader.opaque(c.etag()).equals(st.etag());
            if (v == c.not()) {
                return false;
            }
        }
        return true;
    }

    private static ResourceState stateOf(DavExchange x, String tag, DavNode target) {
        DavNode node;
        if (tag == null) {
            node = target;
        } else {
            try {
                node = x.tree().resolve(x, x.router().destinationPath(tag, x.req()));
            } catch (RuntimeException e) {
                return new ResourceState(null, Set.of()); // another server, or not a resource of ours
            }
        }
        if (!(node instanceof TreeNode t)) {
            return new ResourceState(node.exists() ? node.etag() : null, Set.of());
        }
        Resolved r = t.resolved();
        if (r != null) {
            Set<String> tokens = new HashSet<>();
            for (LockService.Covering cv : x.locks().covering(x.principal(), r)) {
                tokens.add(cv.lock().token());
            }
            return new ResourceState(r.node().etag(), tokens);
        }
        // an unmapped URL is covered by the depth-infinity locks of its parent
        if (t.path().isRoot()) {
            return new ResourceState(null, Set.of());
        }
        Optional<Resolved> parent = x.files().find(x.principal(), t.path().parent());
        Set<String> tokens = new HashSet<>();
        parent.ifPresent(p -> {
            for (LockService.Covering cv : x.locks().covering(x.principal(), p)) {
                if (cv.lock().deep()) {
                    tokens.add(cv.lock().token());
                }
            }
        });
        return new ResourceState(null, tokens);
    }

    /** Evaluates against {@code current} (null: the target does not exist). */
    public Verdict evaluate(Node current, boolean safeMethod) {
        return current == null ? evaluate(null, -1, safeMethod) : evaluate(current.etag(), current.mtime(), safeMethod);
    }

    /** Evaluates against a resource's etag and modification time (null and -1: it does not exist or has none). */
    public Verdict evaluate(String etag, long mtime, boolean safeMethod) {
        boolean exists = etag != null || mtime >= 0;
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, false)) {
                return Verdict.FAILED;
            }
        } else if (ifUnmodifiedSince >= 0 && mtime >= 0 && seconds(mtime) > seconds(ifUnmodifiedSince)) {
            return Verdict.FAILED;
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag, true)) {
                return safeMethod ? Verdict.NOT_MODIFIED : Verdict.FAILED;
            }
        } else if (safeMethod
                && ifModifiedSince >= 0
                && exists
                && mtime >= 0
                && seconds(mtime) <= seconds(ifModifiedSince)) {
            return Verdict.NOT_MODIFIED;
        }
        return Verdict.PROCEED;
    }

    /** The condition for a write, evaluated by the core against the state it is about to change. */
    public Precondition forWrite() {
        Precondition check = none()
                ? Precondition.NONE
                : current -> {
                    if (evaluate(current, false) != Verdict.PROCEED) {
                        throw new PreconditionFailedException("precondition failed");
                    }
                };
        return Precondition.withTokens(check, lockTokens());
    }

    /**
     * For a write: checks the If header now (its untagged lists against {@code target}), then returns the condition
     * the core evaluates against the state it is about to change.
     */
    public static Precondition forWrite(DavExchange x, DavNode target) {
        Preconditions p = of(x.req());
        p.requireIf(x, target);
        return p.forWrite();
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
