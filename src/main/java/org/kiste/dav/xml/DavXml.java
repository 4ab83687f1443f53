package org.kiste.dav.xml;

import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.kiste.files.PropPatch;

/**
 * Parses WebDAV request bodies with a namespace-aware StAX reader that refuses DTDs, so XXE and entity
 * expansion never run. Callers cap the body size before it gets here.
 */
public final class DavXml {
    public static final String DAV = "DAV:";
    private static final XMLInputFactory FACTORY = newFactory();

    private DavXml() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private static XMLStreamReader open(InputStream in) throws XmlBodyException {
        try {
            return FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw new XmlBodyException("unreadable XML body");
        }
    }

    /** Moves to the root element; rejects DTDs. */
    private static void toRoot(XMLStreamReader r, String expectedLocal) throws XMLStreamException, XmlBodyException {
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new XmlBodyException("DTDs and entities are not accepted");
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                if (!DAV.equals(r.getNamespaceURI()) || !expectedLocal.equals(r.getLocalName())) {
                    throw new XmlBodyException("expected DAV:" + expectedLocal + " as the root element");
                }
                return;
            }
        }
        throw new XmlBodyException("empty XML body");
    }

    public static PropFindRequest parsePropFind(InputStream in) throws XmlBodyException {
        XMLStreamReader r = open(in);
        try {
            toRoot(r, "propfind");
            PropFindRequest result = null;
            List<QName> include = new ArrayList<>();
            while (r.hasNext()) {
                int ev = r.next();
                checkEvent(ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String ns = r.getNamespaceURI();
                    String local = r.getLocalName();
                    if (!DAV.equals(ns)) {
                        skipElement(r); // unknown extension elements are ignored (RFC 4918 §17)
                        continue;
                    }
                    switch (local) {
                        case "allprop" -> {
                            result = PropFindRequest.ALL;
                            skipElement(r);
                        }
                        case "propname" -> {
                            result = new PropFindRequest(PropFindRequest.Kind.PROPNAME, List.of());
                            skipElement(r);
                        }
                        case "prop" -> result = new PropFindRequest(PropFindRequest.Kind.PROP, names(r));
                        case "include" -> include.addAll(names(r));
                        default -> skipElement(r);
                    }
                }
            }
            if (result == null) {
                throw new XmlBodyException("propfind names neither allprop, propname nor prop");
            }
            if (result.kind() == PropFindRequest.Kind.ALLPROP && !include.isEmpty()) {
                return new PropFindRequest(PropFindRequest.Kind.ALLPROP, include);
            }
            return result;
        } catch (XMLStreamException | IllegalStateException e) {
            throw XmlBodyException.malformed(e);
        }
    }

    /** Reads the children of the current element as property names, leaving the reader on its end tag. */
    private static List<QName> names(XMLStreamReader r) throws XMLStreamException, XmlBodyException {
        List<QName> out = new ArrayList<>();
        while (r.hasNext()) {
            int ev = r.next();
            checkEvent(ev);
            if (ev == XMLStreamConstants.START_ELEMENT) {
                out.add(new QName(nullToEmpty(r.getNamespaceURI()), r.getLocalName()));
                skipElement(r);
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                return out;
            }
        }
        return out;
    }

    /** A parsed LOCK body: the scope and the client's owner element content (or null). */
    public record LockInfo(boolean exclusive, String ownerXml) {}

    /** Parses {@code DAV:lockinfo} (RFC 4918 §14.11); write is the only lock type. */
    public static LockInfo parseLockInfo(InputStream in) throws XmlBodyException {
        XMLStreamReader r = open(in);
        try {
            toRoot(r, "lockinfo");
            Boolean exclusive = null;
            boolean write = false;
            String owner = null;
            while (r.hasNext()) {
                int ev = r.next();
                checkEvent(ev);
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (!DAV.equals(r.getNamespaceURI())) {
                    skipElement(r);
                    continue;
                }
                switch (r.getLocalName()) {
                    case "lockscope" -> {
                        for (QName q : names(r)) {
                            if (DAV.equals(q.getNamespaceURI())
                                    && q.getLocalPart().equals("exclusive")) {
                                exclusive = true;
                            } else if (DAV.equals(q.getNamespaceURI())
                                    && q.getLocalPart().equals("shared")) {
                                exclusive = false;
                            }
                        }
                    }
                    case "locktype" -> {
                        for (QName q : names(r)) {
                            write |= DAV.equals(q.getNamespaceURI())
                                    && q.getLocalPart().equals("write");
                        }
                    }
                    case "owner" -> owner = innerXml(r);
                    default -> skipElement(r);
                }
            }
            if (exclusive == null || !write) {
                throw new XmlBodyException("lockinfo needs a lockscope and a write locktype");
            }
            return new LockInfo(exclusive, owner);
        } catch (XMLStreamException | IllegalStateException e) {
            throw XmlBodyException.malformed(e);
        }
    }

    public static List<PropPatch> parsePropPatch(InputStream in) throws XmlBodyException {
        XMLStreamReader r = open(in);
        try {
            toRoot(r, "propertyupdate");
            List<PropPatch> ops = new ArrayList<>();
            while (r.hasNext()) {
                int ev = r.next();
                checkEvent(ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    boolean set = DAV.equals(r.getNamespaceURI()) && "set".equals(r.getLocalName());
                    boolean remove = DAV.equals(r.getNamespaceURI()) && "remove".equals(r.getLocalName());
                    if (!set && !remove) {
                        skipElement(r);
                        continue;
                    }
                    readInstruction(r, set, ops);
                }
            }
            if (ops.isEmpty()) {
                throw new XmlBodyException("propertyupdate contains no set or remove");
            }
            return ops;
        } catch (XMLStreamException | IllegalStateException e) {
            throw XmlBodyException.malformed(e);
        }
    }

    private static void readInstruction(XMLStreamReader r, boolean set, List<PropPatch> ops)
            throws XMLStreamException, XmlBodyException {
        while (r.hasNext()) {
            int ev = r.next();
            checkEvent(ev);
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return; // end of set/remove
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                if (!DAV.equals(r.getNamespaceURI()) || !"prop".equals(r.getLocalName())) {
                    skipElement(r);
                    continue;
                }
                while (r.hasNext()) {
                    int e2 = r.next();
                    checkEvent(e2);
                    if (e2 == XMLStreamConstants.END_ELEMENT) {
                        break; // end of prop
                    }
                    if (e2 == XMLStreamConstants.START_ELEMENT) {
                        String ns = nullToEmpty(r.getNamespaceURI());
                        String local = r.getLocalName();
                        if (set) {
                            ops.add(new PropPatch(ns, local, innerXml(r)));
                        } else {
                            skipElement(r);
                            ops.add(new PropPatch(ns, local, null));
                        }
                    }
                }
            }
        }
    }

    /**
     * Serialises the content of the current element as a self-contained fragment: every element declares its
     * own namespace, so the value reads the same wherever it is embedded later.
     */
    private static String innerXml(XMLStreamReader r) throws XMLStreamException, XmlBodyException {
        StringWriter w = new StringWriter();
        int depth = 0;
        while (r.hasNext()) {
            int ev = r.next();
            checkEvent(ev);
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    w.write('<');
                    w.write(r.getLocalName());
                    w.write(" xmlns=\"");
                    w.write(XmlWriter.escape(nullToEmpty(r.getNamespaceURI()), true));
                    w.write('"');
                    Map<String, String> prefixes = new HashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = nullToEmpty(r.getAttributeNamespace(i));
                        w.write(' ');
                        if (!ans.isEmpty()) {
                            String p = prefixes.computeIfAbsent(ans, k -> "a" + prefixes.size());
                            w.write("xmlns:" + p + "=\"" + XmlWriter.escape(ans, true) + "\" " + p + ":");
                        }
                        w.write(r.getAttributeLocalName(i));
                        w.write("=\"");
                        w.write(XmlWriter.escape(r.getAttributeValue(i), true));
                        w.write('"');
                    }
                    w.write('>');
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == 0) {
                        return w.toString();
                    }
                    depth--;
                    w.write("</");
                    w.write(r.getLocalName());
                    w.write('>');
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                    w.write(XmlWriter.escape(r.getText(), false));
                default -> {}
            }
        }
        throw new XmlBodyException("unterminated property value");
    }

    private static void skipElement(XMLStreamReader r) throws XMLStreamException, XmlBodyException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int ev = r.next();
            checkEvent(ev);
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static void checkEvent(int ev) throws XmlBodyException {
        if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new XmlBodyException("DTDs and entities are not accepted");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? XMLConstants.NULL_NS_URI : s;
    }
}
