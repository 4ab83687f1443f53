package org.kiste.dav;

import java.io.IOException;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.files.Resolved;

/** The properties of a file or folder of a files tree: DAV:, Nextcloud's, and the client's dead ones. */
final class TreeProperties implements NodeProperties {
    private final Resolved target;

    TreeProperties(Resolved r) {
        this.target = r;
    }

    @Override
    public List<QName> allprop() {
        return LiveProperties.ALLPROP;
    }

    @Override
    public List<QName> names() {
        return LiveProperties.namesFor(target.node());
    }

    @Override
    public boolean write(Multistatus ms, QName name, PropContext ctx) throws IOException {
        return LiveProperties.write(ms, name, target, ctx);
    }

    @Override
    public boolean isLive(QName name) {
        return LiveProperties.isLive(name);
    }

    @Override
    public long deadPropertiesOf() {
        return target.node().id();
    }
}
