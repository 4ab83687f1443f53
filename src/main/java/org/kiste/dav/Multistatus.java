package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private final Utf8Writer out;
    private final XmlWriter xml;
    /** The tags of the names this answer wrote, found by identity: a listing writes the same few names per entry. */
    private final Tags tags = new Tags();
    /** {@link #liveNames}: the answer for the last kind of node and list of names asked about. */
    private Class<?> liveOf;

    private List<QName> liveFor;
    private boolean[] live;
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

    /**
     * Which of {@code names} are live for nodes of {@code props}'s kind (each kind of properties knows its own
     * names), worked out once per answer and kind of node rather than for every entry.
     */
    boolean[] liveNames(List<QName> names, NodeProperties props) {
        if (liveOf != props.getClass() || liveFor != names) {
            boolean[] live = new boolean[names.size()];
            for (int i = 0; i < live.length; i++) {
                live[i] = props.isLive(names.get(i));
            }
            liveOf = props.getClass();
            liveFor = names;
            this.live = live;
        }
        return live;
    }

    /** Writes bytes already UTF-8 (a fixed fragment of XML prepared once). */
    public void writeUtf8(byte[] fragment) throws IOException {
        openPendingPropstat();
        out.writeUtf8(fragment);
    }

    public XmlWriter xml() {
        return xml;
    }

    public void beginResponse(String href) throws IOException {
        out.writeUtf8(BEGIN_RESPONSE);
        out.writeEscaped(href, false);
        out.writeUtf8(END_HREF);
    }

    public void endResponse() throws IOException {
        out.writeUtf8(END_RESPONSE);
    }

    public void beginPropstat() throws IOException {
        out.writeUtf8(BEGIN_PROPSTAT);
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
        out.writeUtf8(status == 200 ? END_PROPSTAT_OK : endPropstatTag(status));
    }

    private static byte[] endPropstatTag(int status) {
        return ascii("</d:prop><d:status>HTTP/1.1 " + status + " " + reason(status) + "</d:status></d:propstat>");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] BEGIN_RESPONSE = ascii("<d:response><d:href>");
    private static final byte[] END_HREF = ascii("</d:href>");
    private static final byte[] END_RESPONSE = ascii("</d:response>");
    private static final byte[] BEGIN_PROPSTAT = ascii("<d:propstat><d:prop>");
    private static final byte[] END_PROPSTAT_OK = endPropstatTag(200);

    /** A response carrying only a status (e.g. for a member that could not be processed). */
    public void statusResponse(String href, int status) throws IOException {
        beginResponse(href);
        out.write("<d:status>HTTP/1.1 " + status + " " + reason(status) + "</d:status>");
        endResponse();
    }

    /** Writes {@code <name/>}; an element in a namespace without a declared prefix declares it locally. */
    public void empty(QName name) throws IOException {
        openPendingPropstat();
        out.writeUtf8(tags.of(name).empty());
    }

    public void open(QName name) throws IOException {
        openPendingPropstat();
        out.writeUtf8(tags.of(name).open());
    }

    /** The start tag ({@code empty}: the empty-element tag) of {@code name}, as UTF-8. */
    static byte[] startTag(QName name, boolean empty) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(64);
        try (Utf8Writer out = new Utf8Writer(b, 64)) {
            startTag(out, name, empty);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /** The end tag of {@code name}, as UTF-8. */
    static byte[] endTag(QName name) {
        String prefix = prefix(name.getNamespaceURI());
        String p = prefix != null ? prefix + ":" : name.getNamespaceURI().isEmpty() ? "" : "x:";
        return ("</" + p + name.getLocalPart() + ">").getBytes(StandardCharsets.UTF_8);
    }

    private static void startTag(Writer out, QName name, boolean empty) throws IOException {
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
        out.writeUtf8(tags.of(name).close());
    }

    public void textElement(QName name, String text) throws IOException {
        openPendingPropstat();
        Tags.Tag t = tags.of(name);
        out.writeUtf8(t.open());
        out.writeEscaped(text, false);
        out.writeUtf8(t.close());
    }

    /** An element holding a number. */
    public void numberElement(QName name, long value) throws IOException {
        openPendingPropstat();
        Tags.Tag t = tags.of(name);
        out.writeUtf8(t.open());
        out.writeDecimal(value);
        out.writeUtf8(t.close());
    }

    /** An element holding an entity tag: the opaque tag in double quotes. */
    public void etagElement(QName name, String opaqueTag) throws IOException {
        openPendingPropstat();
        Tags.Tag t = tags.of(name);
        out.writeUtf8(t.open());
        out.write('"');
        out.writeEscaped(opaqueTag, false);
        out.write('"');
        out.writeUtf8(t.close());
    }

    static String prefix(String ns) {
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
