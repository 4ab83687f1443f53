package org.kiste.dav.xml;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * A REPORT {@code oc:filter-files} body: the properties to return and the filter rules. Kiste has no system
 * tags, so a rule on {@code oc:systemtag} matches nothing.
 */
public record FilterFilesRequest(List<QName> props, boolean favoritesOnly, boolean anyTagRule) {
    static final String OC = "http://owncloud.org/ns";

    public static FilterFilesRequest parse(InputStream in) throws XmlBodyException {
        Element root = SafeDom.root(in);
        if (!SafeDom.is(root, OC, "filter-files")) {
            throw new XmlBodyException("this REPORT is not supported");
        }
        List<QName> props = new ArrayList<>();
        Element prop = SafeDom.child(root, DavXml.DAV, "prop");
        if (prop != null) {
            for (Element p : SafeDom.children(prop)) {
                props.add(new QName(p.getNamespaceURI() == null ? "" : p.getNamespaceURI(), p.getLocalName()));
            }
        }
        boolean favorites = false;
        boolean tags = false;
        Element rules = SafeDom.child(root, OC, "filter-rules");
        if (rules != null) {
            for (Element r : SafeDom.children(rules)) {
                if (SafeDom.is(r, OC, "favorite")) {
                    String v = r.getTextContent().trim();
                    favorites |= v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes");
                } else if (SafeDom.is(r, OC, "systemtag")) {
                    tags = true;
                }
            }
        }
        return new FilterFilesRequest(props, favorites, tags);
    }
}
