package org.kiste.dav;

import java.io.IOException;
import java.io.Writer;
import org.kiste.dav.xml.XmlWriter;
import org.kiste.model.DavLock;

/** The {@code DAV:activelock} element of lockdiscovery and of LOCK answers (RFC 4918 §14.1). */
final class ActiveLock {
    private ActiveLock() {}

    static void write(Multistatus ms, DavLock l, String lockRootHref) throws IOException {
        write(ms.writer(), l, lockRootHref);
    }

    static void write(Writer w, DavLock l, String lockRootHref) throws IOException {
        w.write("<d:activelock><d:locktype><d:write/></d:locktype><d:lockscope>");
        w.write(l.exclusive() ? "<d:exclusive/>" : "<d:shared/>");
        w.write("</d:lockscope><d:depth>");
        w.write(l.deep() ? "infinity" : "0");
        w.write("</d:depth>");
        if (l.ownerXml() != null) {
            // the client's own <owner> content, echoed as it was sent (RFC 4918 §14.17)
            w.write("<d:owner>");
            w.write(l.ownerXml());
            w.write("</d:owner>");
        }
        w.write("<d:timeout>Second-");
        w.write(Long.toString(l.secondsLeft()));
        w.write("</d:timeout><d:locktoken><d:href>");
        XmlWriter.escape(w, l.token(), false);
        w.write("</d:href></d:locktoken><d:lockroot><d:href>");
        XmlWriter.escape(w, lockRootHref, false);
        w.write("</d:href></d:lockroot></d:activelock>");
    }
}
