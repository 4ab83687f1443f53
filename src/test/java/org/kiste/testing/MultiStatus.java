package org.kiste.testing;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A 207 Multi-Status body read with the JDK's namespace-aware DOM parser, for assertions in tests. */
public final class MultiStatus {
    public static final String DAV = "DAV:";

    /** One {@code d:response}: its raw href, a response-level status (or 0) and its propstats in document order. */
    public record Response(String href, int status, List<PropStat> propstats) {
        /** The href percent-decoded as UTF-8. */
        public String path() {
            return Dav.decode(href);
        }

        /** The property element from a 200 propstat, if any. */
        public Optional<Element> prop(QName name) {
            for (PropStat ps : propstats) {
                if (ps.status() == 200) {
                    for (Element e : ps.props()) {
                        if (name.equals(qname(e))) {
                            return Optional.of(e);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** The text of a property found with 200, or null. */
        public String text(QName name) {
            return prop(name).map(Element::getTextContent).orElse(null);
        }

        public String text(String clark) {
            return text(clark(clark));
        }

        /** The propstat status a property is reported under, or 0 when it is not reported at all. */
        public int statusOf(QName name) {
            for (PropStat ps : propstats) {
                for (Element e : ps.props()) {
                    if (name.equals(qname(e))) {
                        return ps.status();
                    }
                }
            }
            return 0;
        }

        public int statusOf(String clark) {
            return statusOf(clark(clark));
        }

        /** All property names reported with 200. */
        public List<QName> names200() {
            List<QName> out = new ArrayList<>();
            for (PropStat ps : propstats) {
                if (ps.status() == 200) {
                    for (Element e : ps.props()) {
                        out.add(qname(e));
                    }
                }
            }
            return out;
        }
    }

    public record PropStat(int status, List<Element> props) {}

    public final int httpStatus;
    public final String contentType;
    public final String body;
    public final List<Response> responses;

    private MultiStatus(int httpStatus, String contentType, String body, List<Response> responses) {
        this.httpStatus = httpStatus;
        this.contentType = contentType;
        this.body = body;
        this.responses = responses;
    }

    /** Parses a 207 answer; fails loudly (with the body) for anything else. */
    public static MultiStatus parse(HttpResponse<String> r) {
        if (r.statusCode() != 207) {
            throw new AssertionError("expected 207 from " + r.request().method() + " " + r.uri() + ", got "
                    + r.statusCode() + ": " + r.body());
        }
        return parse(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    public static MultiStatus parse(int status, String contentType, String body) {
        Document doc = dom(body);
        Element root = doc.getDocumentElement();
        if (!DAV.equals(root.getNamespaceURI()) || !"multistatus".equals(root.getLocalName())) {
            throw new AssertionError("not a DAV:multistatus: " + body);
        }
        List<Response> out = new ArrayList<>();
        for (Element resp : children(root, "response")) {
            String href = children(resp, "href").get(0).getTextContent();
            int st = 0;
            List<Element> sts = children(resp, "status");
            if (!sts.isEmpty()) {
                st = statusCode(sts.get(0).getTextContent());
            }
            List<PropStat> propstats = new ArrayList<>();
            for (Element ps : children(resp, "propstat")) {
                int code = statusCode(children(ps, "status").get(0).getTextContent());
                List<Element> props = new ArrayList<>();
                for (Element prop : children(ps, "prop")) {
                    for (Node n = prop.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e) {
                            props.add(e);
                        }
                    }
                }
                propstats.add(new PropStat(code, props));
            }
            out.add(new Response(href, st, propstats));
        }
        return new MultiStatus(status, contentType, body, out);
    }

    /** The response whose decoded href equals {@code path} (with or without a trailing slash). */
    public Response at(String decodedPath) {
        return find(decodedPath)
                .orElseThrow(() -> new AssertionError("no response for " + decodedPath + " in " + hrefs()));
    }

    public Optional<Response> find(String decodedPath) {
        String want = strip(decodedPath);
        return responses.stream().filter(r -> strip(r.path()).equals(want)).findFirst();
    }

    public List<String> hrefs() {
        return responses.stream().map(Response::href).toList();
    }

    public List<String> paths() {
        return responses.stream().map(Response::path).toList();
    }

    /** The first response (the request target for PROPFIND). */
    public Response self() {
        return responses.get(0);
    }

    private static String strip(String p) {
        return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
    }

    public static Document dom(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("unparsable XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    public static List<Element> children(Element parent, String davLocal) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && DAV.equals(e.getNamespaceURI()) && davLocal.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    public static QName qname(Element e) {
        return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
    }

    /** {@code {ns}local} or a bare DAV: local name. */
    public static QName clark(String name) {
        if (name.startsWith("{")) {
            int end = name.indexOf('}');
            return new QName(name.substring(1, end), name.substring(end + 1));
        }
        return new QName(DAV, name);
    }

    private static int statusCode(String statusLine) {
        String[] parts = statusLine.trim().split(" ");
        return Integer.parseInt(parts[1]);
    }

    /** A PROPFIND body asking for the given names (Clark notation; bare names are DAV:). */
    public static String propBody(String... clarkNames) {
        StringBuilder sb =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>");
        for (String n : clarkNames) {
            QName q = clark(n);
            if (q.getNamespaceURI().equals(DAV)) {
                sb.append("<d:").append(q.getLocalPart()).append("/>");
            } else {
                sb.append('<')
                        .append(q.getLocalPart())
                        .append(" xmlns=\"")
                        .append(q.getNamespaceURI())
                        .append("\"/>");
            }
        }
        return sb.append("</d:prop></d:propfind>").toString();
    }
}
