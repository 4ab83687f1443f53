package org.kiste.dav;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.kiste.dav.xml.DavXml;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.TreeListing;
import org.kiste.model.BadRequestException;
import org.kiste.model.DeadProperty;
import org.kiste.model.FiniteDepthException;

/**
 * PROPFIND (RFC 4918 §9.1) of any node, streamed: the node, then its members page by page (one indexed query per
 * page, one more for dead properties when asked), each written as soon as it is read. Depth: infinity (also meant by
 * a missing Depth header) lists a files tree the same way, folder by folder, once the core has counted it and not
 * refused it ({@code propfind-finite-depth}: over the configured number of entries, or a public link's visitor);
 * other collections (the ones above the user trees, uploads, trash bins) are listed one level at a time only.
 */
public final class PropFindHandler extends DavHandler {
    private static final int INFINITY = -1;

    @Override
    public String[] getMethods() {
        return new String[] {"PROPFIND"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException, XmlBodyException {
        String depthHeader = x.req().getHeader("Depth");
        // RFC 4918 §9.1: no Depth header means infinity
        String d = depthHeader == null ? "infinity" : depthHeader.trim();
        int depth;
        if (d.equalsIgnoreCase("infinity")) {
            depth = INFINITY;
        } else if (d.equals("0")) {
            depth = 0;
        } else if (d.equals("1")) {
            depth = 1;
        } else {
            throw new BadRequestException("Depth must be 0, 1 or infinity");
        }
        InputStream body = Bodies.readCapped(x.req(), x.maxXmlBody());
        PropFindRequest request =
                LiveProperties.canonical(body == null ? PropFindRequest.ALL : DavXml.parsePropFind(body));
        DavNode node = existing(target);
        TreeListing tree = null;
        if (depth == INFINITY) {
            if (node instanceof TreeNode t) {
                // the core refuses or counts before the first byte
                tree = x.files().treeListing(t.principal, t.resolved());
            } else if (node.isCollection()) {
                throw new FiniteDepthException("this collection is listed one level at a time (Depth: 1)");
            }
        }
        PropContext ctx = PropContext.of(x, node);
        boolean needDead = needsDeadProperties(request);
        // no closing tag when a failure cuts the answer: a client sees a broken document, not a shorter listing
        Multistatus ms = new Multistatus(x.resp());
        writePage(x, ms, List.of(node), request, ctx, needDead);
        if (depth == 1 && node instanceof DavCollection c) {
            c.members(
                    x, LiveProperties.contentDetails(request), page -> writePage(x, ms, page, request, ctx, needDead));
        } else if (tree != null && node instanceof FolderNode f) {
            f.walk(tree, page -> writePage(x, ms, page, request, ctx, needDead));
        }
        ms.close();
    }

    /** Writes nodes found anywhere (favourites, search hits) as one flat multistatus. */
    static void writeFlat(DavExchange x, List<? extends DavNode> nodes, PropFindRequest r, PropContext ctx)
            throws IOException {
        PropFindRequest request = LiveProperties.canonical(r);
        try (Multistatus ms = new Multistatus(x.resp())) {
            writePage(x, ms, nodes, request, ctx, needsDeadProperties(request));
        }
    }

    private static void writePage(
            DavExchange x,
            Multistatus ms,
            List<? extends DavNode> page,
            PropFindRequest r,
            PropContext ctx,
            boolean needDead)
            throws IOException {
        Map<Long, List<DeadProperty>> dead = Map.of();
        if (needDead) {
            List<Long> ids = new ArrayList<>(page.size());
            for (DavNode n : page) {
                long id = n.properties().deadPropertiesOf();
                if (id >= 0) {
                    ids.add(id);
                }
            }
            dead = ids.isEmpty() ? Map.of() : x.files().deadProperties(ids);
        }
        for (DavNode n : page) {
            NodeProperties props = n.properties();
            writeNode(ms, n.href(), props, r, dead.getOrDefault(props.deadPropertiesOf(), List.of()), ctx);
        }
    }

    static boolean needsDeadProperties(PropFindRequest r) {
        if (r.kind() != PropFindRequest.Kind.PROP) {
            return true;
        }
        for (QName q : r.names()) {
            if (!LiveProperties.isLive(q)) {
                return true;
            }
        }
        return false;
    }

    static void writeNode(
            Multistatus ms,
            String href,
            NodeProperties props,
            PropFindRequest r,
            List<DeadProperty> dead,
            PropContext ctx)
            throws IOException {
        ms.beginResponse(href);
        switch (r.kind()) {
            case PROPNAME -> {
                ms.beginPropstat();
                for (QName q : props.names()) {
                    ms.empty(q);
                }
                for (DeadProperty d : dead) {
                    ms.empty(new QName(d.namespace(), d.localName()));
                }
                ms.endPropstat(200);
            }
            case ALLPROP -> {
                ms.beginPropstat();
                // what was written matters only to a DAV:include
                boolean include = !r.names().isEmpty();
                Set<QName> written = include ? new LinkedHashSet<>() : Set.of();
                for (QName q : props.allprop()) {
                    if (props.write(ms, q, ctx) && include) {
                        written.add(q);
                    }
                }
                for (DeadProperty d : dead) {
                    writeDead(ms, d);
                    if (include) {
                        written.add(new QName(d.namespace(), d.localName()));
                    }
                }
                List<QName> missing = new ArrayList<>();
                for (QName q : r.names()) { // DAV:include
                    if (!written.contains(q) && !(props.isLive(q) && props.write(ms, q, ctx))) {
                        missing.add(q);
                    }
                }
                ms.endPropstat(200);
                writeMissing(ms, missing);
            }
            case PROP -> {
                List<QName> missing = null;
                boolean open = false;
                List<QName> names = r.names();
                boolean[] live = ms.liveNames(names, props);
                for (int i = 0; i < live.length; i++) {
                    QName q = names.get(i);
                    if (!open) {
                        ms.beginPropstatIfAny();
                        open = true;
                    }
                    if (live[i]) {
                        if (!props.write(ms, q, ctx)) {
                            missing = add(missing, q);
                        }
                        continue;
                    }
                    DeadProperty found = null;
                    for (DeadProperty d : dead) {
                        if (d.localName().equals(q.getLocalPart())
                                && d.namespace().equals(q.getNamespaceURI())) {
                            found = d;
                            break;
                        }
                    }
                    if (found == null) {
                        missing = add(missing, q);
                    } else {
                        writeDead(ms, found);
                    }
                }
                if (open) {
                    ms.endPropstat(200);
                }
                writeMissing(ms, missing);
            }
            default -> throw new IllegalStateException();
        }
        ms.endResponse();
    }

    private static List<QName> add(List<QName> list, QName q) {
        List<QName> l = list == null ? new ArrayList<>() : list;
        l.add(q);
        return l;
    }

    private static void writeMissing(Multistatus ms, List<QName> missing) throws IOException {
        if (missing == null || missing.isEmpty()) {
            return;
        }
        ms.beginPropstat();
        for (QName q : missing) {
            ms.empty(q);
        }
        ms.endPropstat(404);
    }

    private static void writeDead(Multistatus ms, DeadProperty d) throws IOException {
        QName q = new QName(d.namespace(), d.localName());
        if (d.valueXml().isEmpty()) {
            ms.empty(q);
            return;
        }
        ms.open(q);
        ms.writer().write(d.valueXml()); // stored as a self-contained, already escaped fragment
        ms.close(q);
    }
}
