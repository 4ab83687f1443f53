package org.kiste.dav;

import java.io.IOException;
import java.util.List;
import javax.xml.namespace.QName;

/** The live properties of a node, for PROPFIND. */
public interface NodeProperties {
    /** What an allprop request lists. */
    List<QName> allprop();

    /** What a propname request lists. */
    List<QName> names();

    /** Writes the property's element; false when the node does not have it (404 in the multistatus). */
    boolean write(Multistatus ms, QName name, PropContext ctx) throws IOException;

    /** True for a computed property (never looked up among the dead ones). */
    boolean isLive(QName name);

    /** The node whose dead (client-set) properties apply, or -1 when there are none. */
    default long deadPropertiesOf() {
        return -1;
    }
}
