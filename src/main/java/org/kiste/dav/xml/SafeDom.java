package org.kiste.dav.xml;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A DOM reader for the small tree-shaped bodies (REPORT, SEARCH) that are awkward to stream. DOCTYPEs are refused
 * outright, so no entity is ever expanded; callers cap the body size first.
 */
final class SafeDom {
    private static final DocumentBuilderFactory FACTORY = newFactory();

    private SafeDom() {}

    private static DocumentBuilderFactory newFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    static Element root(InputStream in) throws XmlBodyException {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(in).getDocumentElement();
        } catch (SAXException e) {
            throw XmlBodyException.malformed(e);
        } catch (IOException | ParserConfigurationException e) {
            throw new XmlBodyException("unreadable XML body");
        }
    }

    static boolean is(Element e, String ns, String local) {
        return ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    static Element child(Element e, String ns, String local) {
        for (Element c : children(e)) {
            if (is(c, ns, local)) {
                return c;
            }
        }
        return null;
    }
}
