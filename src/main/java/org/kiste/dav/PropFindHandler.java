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
import org.kiste.model.DeadProperty;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.files.Resolved;

/**
 * PROPFIND (RFC 4918 §9.1), streamed: the target, then its children page by page (one indexed query per page,
 * one more for dead properties when asked), each written as soon as it is read. Depth: infinity is refused.
 */
public final class PropFindHandler extends DavHandler {
    private static final int PAGE = 1000;

    @Override
    public String[] getMethods() {
        return new String[] {"PROPFIND"};
    }

    @Override
    protected boolean allowsVirtual() {
        return true;
    }

    @Override
    protected void handle(DavExchange x) throws IOException, XmlBodyException {
        String depthHeader = x.req().getHeader("Depth");
        int depth;
        if (depthHeader == null || depthHeader.trim().equalsIgnoreCase("infinity")) {
            DavErrors.sendCondition(x.resp(), 403, "propfind-finite-depth");
            return;
        } else if (depthHeader.trim().equals("0")) {
            depth = 0;
        } else if (depthHeader.trim().equals("1")) {
            depth = 1;
        } else {
            DavErrors.send(x.resp(), 400, "Depth must be 0 or 1");
            return;
        }
        PropFindRequest request;
        try {
            InputStream body = Bodies.readCapped(x.req(), x.maxXmlBody());
            request = body == null ? PropFindRequest.ALL : DavXml.parsePropFind(body);
        } catch (Bodies.TooLarge e) {
            DavErrors.send(x.resp(), 413, e.getMessage());
            return;
        }
        if (!x.location().isTree()) {
            virtual(x, depth, request);
            return;
        }
        Resolved target = x.files().find(x.principal(), x.location().path())
                .orElseThrow(() -> new NotFoundException(x.location().path().toString()));
        PropContext ctx = context(x);
        boolean needDead = needsDeadProperties(request);
        try (Multistatus ms = new Multistatus(x.resp())) {
            Map<Long, List<DeadProperty>> dead = needDead ? x.files().deadProperties(List.of(target.id())) : Map.of();
            writeNode(ms, x.location().href(target.path(), target.isFolder()),
                    PropContext.Target.of(target), request,
                    dead.getOrDefault(target.id(), List.of()), ctx);
            if (depth == 1 && target.isFolder()) {
                FilePath base = target.path();
                x.files().list(x.principal(), target, PAGE, page -> {
                    Map<Long, List<DeadProperty>> d = Map.of();
                    if (needDead) {
                        List<Long> ids = new ArrayList<>(page.size());
                        for (Node n : page) {
                            ids.add(n.id());
                        }
                        d = x.files().deadProperties(ids);
                    }
                    for (Node n : page) {
                        Resolved child = x.files().child(x.principal(), target, n);
                        writeNode(ms, x.location().href(child.path(), n.isFolder()), PropContext.Target.of(child), request,
                                d.getOrDefault(n.id(), List.of()), ctx);
                    }
                });
            }
        }
    }

    /**
     * Writes nodes found anywhere in the user's tree (favourites, search hits) as one flat multistatus, hrefs
     * under {@code base}; they share the permissions of {@code root}, the tree they were found in.
     */
    static void writeFlat(DavExchange x, DavLocation base, List<org.kiste.files.Located> items, PropFindRequest r)
            throws IOException {
        PropContext ctx = context(x);
        Map<Long, List<DeadProperty>> dead = Map.of();
        if (needsDeadProperties(r) && !items.isEmpty()) {
            List<Long> ids = new ArrayList<>(items.size());
            for (org.kiste.files.Located l : items) {
                ids.add(l.node().id());
            }
            dead = x.files().deadProperties(ids);
        }
        try (Multistatus ms = new Multistatus(x.resp())) {
            for (org.kiste.files.Located l : items) {
                // each item with the permissions and mount of where it lies (a team folder, a share), not the
                // root's; its chain is the item alone: lock discovery shows locks rooted at the item itself
                Resolved at = x.files().placed(x.principal(), l);
                writeNode(ms, base.href(l.path(), l.node().isFolder()), PropContext.Target.of(at), r,
                        dead.getOrDefault(l.node().id(), List.of()), ctx);
            }
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

    static PropContext context(DavExchange x) {
        return new PropContext(path -> x.files().quota(x.principal(), path), () -> x.locks().activeIn(x.principal()),
                () -> x.files().favorites().ids(x.principal()), () -> x.files().shareTypesMadeBy(x.principal()),
                x.location(), x.files().ids(), x.principal());
    }

    static void writeNode(Multistatus ms, String href, PropContext.Target t, PropFindRequest r, List<DeadProperty> dead,
                          PropContext ctx) throws IOException {
        Node n = t.node();
        ms.beginResponse(href);
        switch (r.kind()) {
            case PROPNAME -> {
                ms.beginPropstat();
                for (QName q : LiveProperties.namesFor(n)) {
                    ms.empty(q);
                }
                for (DeadProperty d : dead) {
                    ms.empty(new QName(d.namespace(), d.localName()));
                }
                ms.endPropstat(200);
            }
            case ALLPROP -> {
                ms.beginPropstat();
                Set<QName> written = new LinkedHashSet<>();
                for (QName q : LiveProperties.ALLPROP) {
                    if (LiveProperties.write(ms, q, t, ctx)) {
                        written.add(q);
                    }
                }
                for (DeadProperty d : dead) {
                    writeDead(ms, d);
                    written.add(new QName(d.namespace(), d.localName()));
                }
                List<QName> missing = new ArrayList<>();
                for (QName q : r.names()) { // DAV:include
                    if (!written.contains(q) && !(LiveProperties.isLive(q) && LiveProperties.write(ms, q, t, ctx))) {
                        missing.add(q);
                    }
                }
                ms.endPropstat(200);
                writeMissing(ms, missing);
            }
            case PROP -> {
                List<QName> missing = new ArrayList<>();
                boolean open = false;
                for (QName q : r.names()) {
                    if (!open) {
                        ms.beginPropstatIfAny();
                        open = true;
                    }
                    if (LiveProperties.isLive(q)) {
                        if (!LiveProperties.write(ms, q, t, ctx)) {
                            missing.add(q);
                        }
                        continue;
                    }
                    DeadProperty found = null;
                    for (DeadProperty d : dead) {
                        if (d.localName().equals(q.getLocalPart()) && d.namespace().equals(q.getNamespaceURI())) {
                            found = d;
                            break;
                        }
                    }
                    if (found == null) {
                        missing.add(q);
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

    private static void writeMissing(Multistatus ms, List<QName> missing) throws IOException {
        if (missing.isEmpty()) {
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

    /** The collections above the user trees: only what this user may see. */
    private static void virtual(DavExchange x, int depth, PropFindRequest r) throws IOException {
        DavLocation loc = x.location();
        String self = loc.hrefBase() + "/";
        List<String[]> children = new ArrayList<>();
        switch (loc.kind()) {
            case SERVER_ROOT -> children.add(new String[] {x.router().contextPath() + "/remote.php/", "remote"});
            case REMOTE_ROOT -> {
                children.add(new String[] {loc.hrefBase() + "/dav/", "dav"});
                children.add(new String[] {loc.hrefBase() + "/webdav/", "home"});
            }
            case DAV_ROOT -> children.add(new String[] {loc.hrefBase() + "/files/", "files"});
            case FILES_ROOT -> children.add(new String[] {loc.hrefBase() + "/" + Hrefs.encodeSegment(x.principal().login()) + "/", "home"});
            default -> throw new IllegalStateException();
        }
        try (Multistatus ms = new Multistatus(x.resp())) {
            writeVirtual(ms, self, r);
            if (depth == 1) {
                for (String[] c : children) {
                    if (c[1].equals("home")) {
                        Resolved home = x.files().resolve(x.principal(), FilePath.ROOT);
                        Map<Long, List<DeadProperty>> dead = needsDeadProperties(r)
                                ? x.files().deadProperties(List.of(home.id())) : Map.of();
                        writeNode(ms, c[0], PropContext.Target.of(home), r,
                                dead.getOrDefault(home.id(), List.of()), context(x));
                    } else {
                        writeVirtual(ms, c[0], r);
                    }
                }
            }
        }
    }

    private static void writeVirtual(Multistatus ms, String href, PropFindRequest r) throws IOException {
        ms.beginResponse(href);
        ms.beginPropstatIfAny();
        List<QName> missing = new ArrayList<>();
        if (r.kind() == PropFindRequest.Kind.PROP) {
            for (QName q : r.names()) {
                if (q.equals(LiveProperties.RESOURCETYPE)) {
                    ms.writer().write("<d:resourcetype><d:collection/></d:resourcetype>");
                } else {
                    missing.add(q);
                }
            }
        } else if (r.kind() == PropFindRequest.Kind.PROPNAME) {
            ms.empty(LiveProperties.RESOURCETYPE);
        } else {
            ms.writer().write("<d:resourcetype><d:collection/></d:resourcetype>");
        }
        ms.endPropstat(200);
        writeMissing(ms, missing);
        ms.endResponse();
    }
}
