package org.kiste.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** LOCK and UNLOCK as WebDAV clients send them (RFC 4918 §9.10, §9.11), and readers for what comes back. */
public final class DavLocks {
    /** One {@code DAV:activelock}, read from a LOCK answer or a {@code lockdiscovery} property. */
    public record Active(
            String scope, String type, String depth, String timeout, String token, String lockRoot, Element owner) {
        /** The granted seconds of {@code Second-n}. */
        public long seconds() {
            assertThat(timeout).startsWith("Second-");
            return Long.parseLong(timeout.substring(7));
        }
    }

    private DavLocks() {}

    /** A {@code lockinfo} body; {@code ownerXml} is the content of {@code D:owner} (null: none). */
    public static String lockinfo(boolean exclusive, String ownerXml) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope>"
                + (exclusive ? "<D:exclusive/>" : "<D:shared/>") + "</D:lockscope><D:locktype><D:write/></D:locktype>"
                + (ownerXml == null ? "" : "<D:owner>" + ownerXml + "</D:owner>") + "</D:lockinfo>";
    }

    /** LOCK with a body; {@code depth} and {@code timeout} are left out when null. */
    public static HttpResponse<String> lock(
            Dav dav, String path, boolean exclusive, String depth, String timeout, String ownerXml, String... headers) {
        List<String> h = new ArrayList<>(List.of("Content-Type", "application/xml; charset=utf-8"));
        if (depth != null) {
            h.add("Depth");
            h.add(depth);
        }
        if (timeout != null) {
            h.add("Timeout");
            h.add(timeout);
        }
        h.addAll(List.of(headers));
        return dav.send("LOCK", dav.url(path), lockinfo(exclusive, ownerXml), h.toArray(String[]::new));
    }

    /** Takes an exclusive lock (Depth as given, 10 minutes) and returns its token. */
    public static String take(Dav dav, String path, String depth) {
        return tokenOf(expectGranted(lock(dav, path, true, depth, "Second-600", null)));
    }

    /** Takes a shared lock and returns its token. */
    public static String takeShared(Dav dav, String path, String depth) {
        return tokenOf(expectGranted(lock(dav, path, false, depth, "Second-600", null)));
    }

    public static HttpResponse<String> expectGranted(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("LOCK %s: %s", r.uri(), r.body()).isIn(200, 201);
        return r;
    }

    /** The token of the {@code Lock-Token} answer header, without angle brackets. */
    public static String tokenOf(HttpResponse<String> r) {
        String h = r.headers()
                .firstValue("Lock-Token")
                .orElseThrow(() -> new AssertionError("no Lock-Token: " + r.headers()));
        assertThat(h).startsWith("<").endsWith(">");
        return h.substring(1, h.length() - 1);
    }

    /** A refresh: LOCK without a body, the token in an untagged If list. */
    public static HttpResponse<String> refresh(Dav dav, String path, String token, String timeout) {
        return timeout == null
                ? dav.send("LOCK", dav.url(path), null, "If", "(<" + token + ">)")
                : dav.send("LOCK", dav.url(path), null, "If", "(<" + token + ">)", "Timeout", timeout);
    }

    public static HttpResponse<String> unlock(Dav dav, String path, String lockTokenHeader) {
        return dav.send("UNLOCK", dav.url(path), null, "Lock-Token", lockTokenHeader);
    }

    /** An untagged If header submitting one token. */
    public static String ifToken(String token) {
        return "(<" + token + ">)";
    }

    /** A tagged If list: the token for the resource at {@code url}. */
    public static String tagged(String url, String token) {
        return "<" + url + "> (<" + token + ">)";
    }

    /** The active locks of a LOCK answer body ({@code D:prop/D:lockdiscovery}). */
    public static List<Active> fromLockAnswer(String body) {
        Document doc = MultiStatus.dom(body);
        Element prop = doc.getDocumentElement();
        assertThat(prop.getNamespaceURI()).isEqualTo(MultiStatus.DAV);
        assertThat(prop.getLocalName()).isEqualTo("prop");
        List<Element> ld = MultiStatus.children(prop, "lockdiscovery");
        assertThat(ld).as("lockdiscovery in %s", body).hasSize(1);
        return read(ld.get(0));
    }

    /** The active locks of a {@code lockdiscovery} property element. */
    public static List<Active> read(Element lockdiscovery) {
        List<Active> out = new ArrayList<>();
        for (Element a : MultiStatus.children(lockdiscovery, "activelock")) {
            List<Element> owners = MultiStatus.children(a, "owner");
            out.add(new Active(
                    only(a, "lockscope"),
                    only(a, "locktype"),
                    text(a, "depth"),
                    text(a, "timeout"),
                    href(a, "locktoken"),
                    href(a, "lockroot"),
                    owners.isEmpty() ? null : owners.get(0)));
        }
        return out;
    }

    /** The active locks a PROPFIND response reports for one resource. */
    public static List<Active> discovered(MultiStatus.Response r) {
        Element ld = r.prop(MultiStatus.clark("lockdiscovery"))
                .orElseThrow(() -> new AssertionError("no lockdiscovery for " + r.href()));
        return read(ld);
    }

    public static List<Active> discovered(Dav dav, String path) {
        return discovered(dav.props(path, "0", "lockdiscovery").self());
    }

    /** Asserts a 423 whose body names the lock in the way (RFC 4918 §16 {@code lock-token-submitted}). */
    public static void assertLockTokenSubmitted(HttpResponse<String> r, String lockRootPath) {
        assertThat(r.statusCode())
                .as("%s %s: %s", r.request().method(), r.uri(), r.body())
                .isEqualTo(423);
        Element cond = condition(r.body(), "lock-token-submitted");
        List<Element> hrefs = MultiStatus.children(cond, "href");
        assertThat(hrefs).as(r.body()).isNotEmpty();
        if (lockRootPath != null) {
            assertThat(hrefs)
                    .extracting(e -> strip(Dav.decode(e.getTextContent())))
                    .as("lock root in %s", r.body())
                    .contains(strip(lockRootPath));
        }
    }

    /** The DAV: precondition element of a {@code DAV:error} body. */
    public static Element condition(String body, String davLocal) {
        Element root = MultiStatus.dom(body).getDocumentElement();
        assertThat(root.getNamespaceURI() + root.getLocalName()).as(body).isEqualTo("DAV:error");
        List<Element> c = MultiStatus.children(root, davLocal);
        assertThat(c).as("DAV:%s in %s", davLocal, body).hasSize(1);
        return c.get(0);
    }

    private static String strip(String p) {
        String path = p.replaceFirst("^https?://[^/]+", "");
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private static String only(Element parent, String davLocal) {
        List<Element> e = MultiStatus.children(parent, davLocal);
        if (e.isEmpty()) {
            return null;
        }
        for (org.w3c.dom.Node n = e.get(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                return c.getLocalName();
            }
        }
        return null;
    }

    private static String text(Element parent, String davLocal) {
        List<Element> e = MultiStatus.children(parent, davLocal);
        return e.isEmpty() ? null : e.get(0).getTextContent().trim();
    }

    private static String href(Element parent, String davLocal) {
        List<Element> e = MultiStatus.children(parent, davLocal);
        if (e.isEmpty()) {
            return null;
        }
        List<Element> h = MultiStatus.children(e.get(0), "href");
        return h.isEmpty() ? null : h.get(0).getTextContent().trim();
    }
}
