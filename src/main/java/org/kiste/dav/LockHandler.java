package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.kiste.dav.xml.DavXml;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.LockService;
import org.kiste.model.BadRequestException;
import org.kiste.model.DavLock;

/**
 * LOCK (RFC 4918 §9.10): a body takes a new exclusive or shared write lock (Depth 0 or infinity, on an unmapped
 * URL creating an empty file: 201); no body refreshes the lock named in the If header. The answer carries the
 * lock's {@code lockdiscovery}; a new lock also its {@code Lock-Token} header.
 */
public final class LockHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"LOCK"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException, XmlBodyException {
        if (!(target instanceof TreeNode node)) {
            throw target.refused("LOCK");
        }
        long timeout = x.locks().grant(x.principal(), requestedTimeout(x.req().getHeader("Timeout")));
        InputStream body = Bodies.readCapped(x.req(), x.maxXmlBody());
        Preconditions pre = Preconditions.of(x.req());
        if (body == null) {
            if (pre.lockTokens().isEmpty()) {
                throw new BadRequestException("a lock refresh needs the lock token in an If header");
            }
            pre.requireIf(x, node);
            DavLock refreshed = x.locks().refresh(x.principal(), node.path(), pre.lockTokens(), timeout);
            answer(x, node, refreshed, 200, false);
            return;
        }
        String depth = x.req().getHeader("Depth");
        boolean deep;
        if (depth == null || depth.trim().equalsIgnoreCase("infinity")) {
            deep = true;
        } else if (depth.trim().equals("0")) {
            deep = false;
        } else {
            throw new BadRequestException("LOCK takes Depth 0 or infinity");
        }
        DavXml.LockInfo info = DavXml.parseLockInfo(body);
        pre.requireIf(x, node);
        LockService.Taken taken = x.locks()
                .lock(x.principal(), node.path(), info.exclusive(), deep, info.ownerXml(), timeout, pre.forWrite());
        answer(x, node, taken.lock(), taken.created() ? 201 : 200, true);
    }

    private static void answer(DavExchange x, TreeNode node, DavLock lock, int status, boolean newLock)
            throws IOException {
        HttpServletResponse resp = x.resp();
        resp.setStatus(status);
        resp.setContentType(Multistatus.CONTENT_TYPE);
        if (newLock) {
            resp.setHeader("Lock-Token", "<" + lock.token() + ">");
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8));
        w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:prop xmlns:d=\"DAV:\"><d:lockdiscovery>");
        // a new lock is rooted at the request URL; a refresh may name a lock on an ancestor
        ActiveLock.write(
                w, lock, newLock ? node.location().href(node.path(), false) : LockRoots.href(x, lock.nodeId()));
        w.write("</d:lockdiscovery></d:prop>\n");
        w.flush();
    }

    /** A lock asked for without any Timeout lasts an hour (the server's choice, RFC 4918 §10.7). */
    static final long DEFAULT_TIMEOUT = 3600;

    /** RFC 4918 §10.7: the first understood entry of the Timeout header; 0 means Infinite (the cap). */
    static long requestedTimeout(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        for (String part : header.split(",")) {
            String t = part.trim();
            if (t.equalsIgnoreCase("Infinite")) {
                return 0;
            }
            if (t.regionMatches(true, 0, "Second-", 0, 7)) {
                try {
                    long v = Long.parseLong(t.substring(7).trim());
                    if (v > 0) {
                        return Math.min(v, 4_294_967_295L);
                    }
                } catch (NumberFormatException e) {
                    // try the next entry
                }
            }
        }
        return DEFAULT_TIMEOUT;
    }
}
