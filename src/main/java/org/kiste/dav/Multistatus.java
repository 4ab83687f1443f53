package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import javax.xml.namespace.QName;
import org.kiste.dav.xml.Utf8Writer;
import org.kiste.dav.xml.XmlWriter;

/**
 * Streams a 207 Multi-Status body straight to the response: nothing is buffered beyond the output buffer, so a
 * listing of any size costs constant memory. Hrefs are absolute paths; DAV:, oc:, nc: prefixes are declared once.
 */
public final class Multistatus implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/xml; charset=utf-8";
    public static final String OC = "http://owncloud.org/ns";
    public static final String NC = "http://nextcloud.org/ns";
    public static final String OCS = "http://open-collaboration-services.org/ns";

    private final Writer out;
    private final XmlWriter xml;
    /** A propstat asked for with {@link #beginPropstatIfAny} and not written yet. */
    private boolean propstatPending;

    public Multistatus(HttpServletResponse resp) throws IOException {
        resp.setStatus(207);
        resp.setContentType(CONTENT_TYPE);
        this.out = new Utf8Writer(resp.getOutputStream(), 32 * 1024);
        this.xml = new XmlWriter(out);
        out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:oc=\"" + OC
                + "\" xmlns:nc=\"" + NC + "\" xmlns:s=\"http://sabredav.org/ns\" xmlns:ocs=\"" + OCS + "\">");
    }

    public Writer writer() {
        try {
            openPendingPropstat();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    public XmlWriter xml() {
        return xml;
    }

    public void beginResponse(String href) throws IOException {
        out.write("<d:response><d:href>");
        xml.text(href);
        out.write("</d:href>");
    }

    public void endResponse() throws IOException {
        out.write("</d:response>");
    }

    public void beginPropstat() throws IOException {
        out.write("<d:propstat><d:prop>");
    }

    /**
     * A propstat written only once a property goes into it: a propstat reports the status of the properties it
     * holds (RFC 4918 §14.22), so one holding none is noise before the 404 propstat.
     */
    public void beginPropstatIfAny() {
        propstatPending = true;
    }

    private void openPendingPropstat() throws IOException {
        if (propstatPending) {
            propstatPending = false;
            beginPropstat();
        }
    }

    public void endPropstat(int status) throws IOException {
        if (propstatPending) {
            propstatPending = false;
            return;
        }
        out.write("</d:prop><d:status>HTTP/1.1 ");
        out.write(Integer.toString(status));
        out.write(' ');
        out.write(reason(status));
        out.write("</d:status></d:propstat>");
    }

    /** A response carrying only a status (e.g. for a member that could not be processed). */
    public void statusResponse(String href, int status) throws IOException {
        beginResponse(href);
        out.write("<d:status>HTTP/1.1 " + status + " " + reason(status) + "</d:status>");
        endResponse();
    }

    /** Writes {@code <name/>}; an element in a namespace without a declared prefix declares it locally. */
    public void empty(QName name) throws IOException {
        open(name, true);
    }

    public void open(QName name) throws IOException {
        open(name, false);
    }

    private void open(QName name, boolean empty) throws IOException {
        openPendingPropstat();
        out.write('<');
        String prefix = prefix(name.getNamespaceURI());
        if (prefix != null) {
            out.write(prefix);
            out.write(':');
            out.write(name.getLocalPart());
        } else if (name.getNamespaceURI().isEmpty()) {
            out.write(name.getLocalPart());
            out.write(" xmlns=\"\"");
        } else {
            out.write("x:");
            out.write(name.getLocalPart());
            out.write(" xmlns:x=\"");
            XmlWriter.escape(out, name.getNamespaceURI(), true);
            out.write('"');
        }
        out.write(empty ? "/>" : ">");
    }

    public void close(QName name) throws IOException {
        out.write("</");
        String prefix = prefix(name.getNamespaceURI());
        if (prefix != null) {
            out.write(prefix);
            out.write(':');
        } else if (!name.getNamespaceURI().isEmpty()) {
            out.write("x:");
        }
        out.write(name.getLocalPart());
        out.write('>');
    }

    public void textElement(QName name, String text) throws IOException {
        open(name);
        xml.text(text);
        close(name);
    }

    private static String prefix(String ns) {
        return switch (ns) {
            case "DAV:" -> "d";
            case OC -> "oc";
            case NC -> "nc";
            case OCS -> "ocs";
            default -> null;
        };
    }

    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            case 507 -> "Insufficient Storage";
            default -> "Status";
        };
    }

    @Override
    public void close() throws IOException {
        out.write("</d:multistatus>\n");
        out.flush();
    }
}
