package org.kiste.dav;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.xml.DavXml;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.PropPatch;
import org.kiste.files.Resolved;
import org.kiste.model.InsufficientStorageException;

/**
 * PROPPATCH (RFC 4918 §9.2): all instructions succeed or none do. Any dead property in any namespace is stored;
 * protected live properties fail with 403 and the rest with 424. {@code DAV:getlastmodified} and Windows'
 * {@code Win32LastModifiedTime} set the modification time (never the etag), as does Nextcloud's
 * {@code DAV:lastmodified} in Unix seconds. {@code oc:favorite} is the acting user's own mark and needs only read
 * access; {@code oc:checksums} is accepted and ignored (the server computes checksums itself). Dead properties
 * past the per-resource limits or the space's quota fail with 507 in the multistatus.
 */
public final class PropPatchHandler extends DavHandler {
    private static final String WIN32 = "urn:schemas-microsoft-com:";
    private static final QName LASTMODIFIED = new QName("DAV:", "lastmodified");

    @Override
    public String[] getMethods() {
        return new String[] {"PROPPATCH"};
    }

    @Override
    protected void handle(DavExchange x, DavNode node) throws IOException, XmlBodyException {
        DavNode found = existing(node);
        if (!(found instanceof TreeNode tree)) {
            if (!found.patchable()) {
                throw node.refused("PROPPATCH");
            }
            List<PropPatch> ops = parse(x);
            List<QName> refused = found.patch(x, ops);
            if (refused.isEmpty()) {
                answer(x, found.href(), ops, 200);
            } else {
                answerRefused(x, found.href(), ops, refused);
            }
            return;
        }
        List<PropPatch> ops = parse(x);
        Resolved target = tree.resolved();
        List<QName> forbidden = new ArrayList<>();
        Long mtime = null;
        Boolean favorite = null;
        for (PropPatch op : ops) {
            QName q = new QName(op.namespace(), op.localName());
            if (LiveProperties.isProtected(q)) {
                forbidden.add(q);
            } else if (q.equals(NextcloudProperties.FAVORITE)) {
                String v = op.isRemove() ? "0" : stripTags(op.valueXml());
                favorite = v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes");
            } else if (q.equals(LASTMODIFIED) && !op.isRemove()) {
                // Nextcloud's own spelling, in Unix seconds (rclone)
                try {
                    mtime = (long) (Double.parseDouble(stripTags(op.valueXml())) * 1000);
                } catch (NumberFormatException e) {
                    forbidden.add(q);
                }
            } else if (!op.isRemove()
                    && (q.equals(LiveProperties.GETLASTMODIFIED)
                            || (WIN32.equals(op.namespace()) && "Win32LastModifiedTime".equals(op.localName())))) {
                long t = HttpDates.parse(stripTags(op.valueXml()));
                if (t >= 0) {
                    mtime = t;
                }
            }
        }
        String href = tree.href();
        if (!forbidden.isEmpty()) {
            answerRefused(x, href, ops, forbidden);
            return;
        }
        List<PropPatch> dead = new ArrayList<>();
        boolean win32Only = true;
        for (PropPatch op : ops) {
            QName q = new QName(op.namespace(), op.localName());
            if (!q.equals(LiveProperties.GETLASTMODIFIED) && !q.equals(LASTMODIFIED) && !LiveProperties.isLive(q)) {
                dead.add(op);
            }
            win32Only &= WIN32.equals(op.namespace());
        }
        if (!dead.isEmpty() || mtime != null) {
            // Windows Explorer sets its Win32 time properties on a file it has locked without sending the token;
            // the lock's owner may do that, nobody else
            try {
                x.files()
                        .patchProperties(
                                x.principal(), target, dead, mtime, Preconditions.forWrite(x, tree), win32Only);
            } catch (InsufficientStorageException e) {
                // RFC 4918 §9.2.1: 507 for the properties that could not be recorded, 424 for the rest
                try (Multistatus ms = new Multistatus(x.resp())) {
                    ms.beginResponse(href);
                    ms.beginPropstat();
                    for (PropPatch op : dead) {
                        ms.empty(new QName(op.namespace(), op.localName()));
                    }
                    ms.endPropstat(507);
                    if (dead.size() < ops.size()) {
                        ms.beginPropstat();
                        for (PropPatch op : ops) {
                            if (!dead.contains(op)) {
                                ms.empty(new QName(op.namespace(), op.localName()));
                            }
                        }
                        ms.endPropstat(424);
                    }
                    ms.endResponse();
                }
                return;
            }
        }
        if (favorite != null) {
            x.files().favorites().set(x.principal(), target, favorite);
        }
        answer(x, href, ops, 200);
    }

    private static List<PropPatch> parse(DavExchange x) throws IOException, XmlBodyException {
        InputStream body = Bodies.readCapped(x.req(), x.maxXmlBody());
        if (body == null) {
            throw new XmlBodyException("PROPPATCH needs a body");
        }
        return DavXml.parsePropPatch(body);
    }

    /** Every instruction with one status. */
    private static void answer(DavExchange x, String href, List<PropPatch> ops, int status) throws IOException {
        try (Multistatus ms = new Multistatus(x.resp())) {
            ms.beginResponse(href);
            ms.beginPropstat();
            for (PropPatch op : ops) {
                ms.empty(new QName(op.namespace(), op.localName()));
            }
            ms.endPropstat(status);
            ms.endResponse();
        }
    }

    /** Nothing was changed: 403 for the refused properties, 424 for the rest. */
    private static void answerRefused(DavExchange x, String href, List<PropPatch> ops, List<QName> refused)
            throws IOException {
        try (Multistatus ms = new Multistatus(x.resp())) {
            ms.beginResponse(href);
            ms.beginPropstat();
            for (QName q : refused) {
                ms.empty(q);
            }
            ms.endPropstat(403);
            List<QName> rest = new ArrayList<>();
            for (PropPatch op : ops) {
                QName q = new QName(op.namespace(), op.localName());
                if (!refused.contains(q)) {
                    rest.add(q);
                }
            }
            if (!rest.isEmpty()) {
                ms.beginPropstat();
                for (QName q : rest) {
                    ms.empty(q);
                }
                ms.endPropstat(424);
            }
            ms.endResponse();
        }
    }

    private static String stripTags(String xml) {
        return xml.replaceAll("<[^>]*>", "").trim();
    }
}
