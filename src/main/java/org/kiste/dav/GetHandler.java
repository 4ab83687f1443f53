package org.kiste.dav;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.io.InputStream;
import org.kiste.blob.BlobReader;
import java.nio.charset.StandardCharsets;
import org.kiste.dav.xml.XmlWriter;
import org.kiste.model.FilePath;
import org.kiste.files.Checksum;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.files.Resolved;

/**
 * GET and HEAD: streamed content with a strong ETag, conditional requests (304/412) and single byte ranges
 * (206, 416). A folder answers a small HTML listing.
 */
public final class GetHandler extends DavHandler {
    private static final int CHUNK = 64 * 1024;

    @Override
    public String[] getMethods() {
        return new String[] {"GET", "HEAD"};
    }

    @Override
    protected boolean allowsVirtual() {
        return true;
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        HttpServletResponse resp = x.resp();
        if (!x.location().isTree()) {
            boolean head = "HEAD".equals(x.req().getMethod());
            resp.setContentType("text/plain; charset=utf-8");
            resp.setStatus(200);
            if (!head) {
                resp.getOutputStream().write("This is the Kiste WebDAV endpoint. Connect a WebDAV client here.\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        Resolved target = x.files().find(x.principal(), x.location().path())
                .orElseThrow(() -> new NotFoundException(x.location().path().toString()));
        Node n = target.node();
        resp.setHeader("ETag", "\"" + n.etag() + "\"");
        resp.setHeader("OC-ETag", "\"" + n.etag() + "\"");
        resp.setHeader("Last-Modified", HttpDates.format(n.mtime()));
        switch (Preconditions.of(x.req()).evaluate(n, true)) {
            case NOT_MODIFIED -> {
                resp.setStatus(304);
                return;
            }
            case FAILED -> {
                DavErrors.send(resp, 412, "precondition failed");
                return;
            }
            default -> {
            }
        }
        if (n.isFolder()) {
            listing(x, target, "HEAD".equals(x.req().getMethod()));
            return;
        }
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setContentType(n.mime() == null ? "application/octet-stream" : n.mime());
        resp.setHeader("OC-FileId", x.files().ids().ocId(n.id()));
        String checksum = Checksum.sha1Header(n);
        if (checksum != null) {
            resp.setHeader("OC-Checksum", checksum);
        }
        long size = n.size();
        ByteRange range = rangeFor(x, n);
        if (range == ByteRange.UNSATISFIABLE) {
            resp.setHeader("Content-Range", "bytes */" + size);
            DavErrors.send(resp, 416, "range not satisfiable");
            return;
        }
        long first = 0;
        long length = size;
        boolean head = "HEAD".equals(x.req().getMethod());
        // opened before the status line: content that cannot be read fails with a clean 500, never a cut 200
        try (BlobReader content = head || size == 0 ? null : x.files().open(x.principal(), target)) {
            if (range != ByteRange.IGNORE) {
                first = range.first();
                length = range.length();
            }
            send(x, resp, range, size, first, length, content);
        }
    }

    private static void send(DavExchange x, HttpServletResponse resp, ByteRange range, long size, long first,
                             long length, BlobReader content) throws IOException {
        if (range != ByteRange.IGNORE) {
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        } else {
            resp.setStatus(200);
        }
        resp.setContentLengthLong(length);
        if (content == null || length == 0) {
            return;
        }
        ServletOutputStream out = resp.getOutputStream();
        try (InputStream in = content.stream(first, length)) {
            byte[] buf = new byte[(int) Math.min(CHUNK, length)];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        }
    }

    /** Range applies only when If-Range (if any) still matches (RFC 9110 §13.1.5). */
    private static ByteRange rangeFor(DavExchange x, Node n) {
        String range = x.req().getHeader("Range");
        if (range == null) {
            return ByteRange.IGNORE;
        }
        String ifRange = x.req().getHeader("If-Range");
        if (ifRange != null) {
            String v = ifRange.trim();
            if (v.startsWith("\"")) {
                if (!v.equals("\"" + n.etag() + "\"")) {
                    return ByteRange.IGNORE;
                }
            } else {
                long d = HttpDates.parse(v);
                if (d < 0 || d / 1000 != n.mtime() / 1000) {
                    return ByteRange.IGNORE;
                }
            }
        }
        return ByteRange.parse(range, n.size());
    }

    private static void listing(DavExchange x, Resolved folder, boolean head) throws IOException {
        HttpServletResponse resp = x.resp();
        resp.setStatus(200);
        resp.setContentType("text/html; charset=utf-8");
        if (head) {
            return;
        }
        Writer w = new java.io.OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8);
        String title = XmlWriter.escape(folder.path().toString(), false);
        w.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1><ul>");
        FilePath base = folder.path();
        x.files().list(x.principal(), folder, 1000, page -> {
            for (Node c : page) {
                String href = x.location().href(base.child(c.name()), c.isFolder());
                w.write("<li><a href=\"" + XmlWriter.escape(href, true) + "\">" + XmlWriter.escape(c.name(), false)
                        + (c.isFolder() ? "/" : "") + "</a></li>");
            }
        });
        w.write("</ul></body></html>\n");
        w.flush();
    }
}
