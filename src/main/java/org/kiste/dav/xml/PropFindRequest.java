package org.kiste.dav.xml;

import java.util.List;
import javax.xml.namespace.QName;

/** A parsed PROPFIND body: allprop (with optional include), propname, or a list of names. */
public record PropFindRequest(Kind kind, List<QName> names) {
    public enum Kind {
        ALLPROP,
        PROPNAME,
        PROP
    }

    public static final PropFindRequest ALL = new PropFindRequest(Kind.ALLPROP, List.of());
}
