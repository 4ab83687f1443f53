package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.xml.DavXml;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.dav.xml.XmlBodyException;

/**
 * PROPFIND for the doors beside the files tree (uploads, trash bin), whose resources have a fixed set of
 * properties: the request's Depth (0 or 1; infinity is refused with {@code propfind-finite-depth}) and body, and one
 * response per resource with the 200 propstat first and a 404 propstat for what the resource does not have.
 */
public final class PropFindAnswer {
    /** What a PROPFIND asks. */
    public record Query(int depth, PropFindRequest request) {
    }

    /** Writes one property of a resource (one it has). */
    @FunctionalInterface
    public interface PropWriter {
        void write(Multistatus ms, QName name) throws IOException;
    }

    private PropFindAnswer() {
    }

    /** The request's depth and body, or null when it was answered with an error (400, 403, 413). */
    public static Query read(HttpServletRequest req, HttpServletResponse resp, long maxXmlBody)
            throws IOException, XmlBodyException {
        String depthHeader = req.getHeader("Depth");
        int depth;
        if (depthHeader == null || depthHeader.trim().equalsIgnoreCase("infinity")) {
            DavErrors.sendCondition(resp, 403, "propfind-finite-depth");
            return null;
        } else if (depthHeader.trim().equals("0") || depthHeader.trim().equals("1")) {
            depth = Integer.parseInt(depthHeader.trim());
        } else {
            DavErrors.send(resp, 400, "Depth must be 0 or 1");
            return null;
        }
        try {
            InputStream body = Bodies.readCapped(req, maxXmlBody);
            return new Query(depth, body == null ? PropFindRequest.ALL : DavXml.parsePropFind(body));
        } catch (Bodies.TooLarge e) {
            DavErrors.send(resp, 413, e.getMessage());
            return null;
        }
    }

    /**
     * One {@code response} element: {@code all} is what allprop and propname cover, {@code has} tells which
     * properties the resource has and {@code value} writes one of them.
     */
    public static void write(Multistatus ms, String href, PropFindRequest r, List<QName> all,
                             java.util.function.Predicate<QName> has, PropWriter value) throws IOException {
        ms.beginResponse(href);
        List<QName> missing = new ArrayList<>();
        ms.beginPropstatIfAny();
        switch (r.kind()) {
            case PROPNAME -> {
                for (QName q : all) {
                    if (has.test(q)) {
                        ms.empty(q);
                    }
                }
            }
            case ALLPROP -> {
                for (QName q : all) {
                    if (has.test(q)) {
                        value.write(ms, q);
                    }
                }
                for (QName q : r.names()) { // DAV:include
                    if (!all.contains(q)) {
                        missing.add(q);
                    }
                }
            }
            case PROP -> {
                for (QName q : r.names()) {
                    if (has.test(q)) {
                        value.write(ms, q);
                    } else {
                        missing.add(q);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        ms.endPropstat(200);
        if (!missing.isEmpty()) {
            ms.beginPropstat();
            for (QName q : missing) {
                ms.empty(q);
            }
            ms.endPropstat(404);
        }
        ms.endResponse();
    }
}
