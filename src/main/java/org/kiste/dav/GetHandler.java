package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.kiste.blob.BlobReader;
import org.kiste.dav.xml.XmlWriter;
import org.kiste.files.ContentPolicy;
import org.kiste.web.BlobBody;
import org.kiste.web.PageHeaders;

/**
 * GET and HEAD of any node with content (a file, a chunk, a deleted file): a strong ETag, conditional requests
 * (304/412) and single byte ranges (206, 416). The content is opened before the status line, so content that
 * cannot be read fails with a clean error, never a 200 cut short. A folder of a files tree answers a small HTML
 * listing; the collections above the trees a line of text.
 */
public final class GetHandler extends DavHandler {
    @Override
    public String[] getMethods() {
        return new String[] {"GET", "HEAD"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        DavNode n = existing(target);
        HttpServletResponse resp = x.resp();
        boolean head = "HEAD".equals(x.req().getMethod());
        if (n instanceof VirtualCollection) {
            resp.setContentType("text/plain; charset=utf-8");
            resp.setStatus(200);
            if (!head) {
                resp.getOutputStream()
                        .write("This is the Kiste WebDAV endpoint. Connect a WebDAV client here.\n"
                                .getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        if (!(n instanceof DavContent) && !(n instanceof FolderNode)) {
            throw n.refused(x.req().getMethod());
        }
        if (n.etag() != null) {
            resp.setHeader("ETag", "\"" + n.etag() + "\"");
            resp.setHeader("OC-ETag", "\"" + n.etag() + "\"");
        }
        if (n.lastModified() >= 0) {
            resp.setHeader("Last-Modified", HttpDates.format(n.lastModified()));
        }
        switch (Preconditions.of(x.req()).evaluate(n.etag(), n.lastModified(), true)) {
            case NOT_MODIFIED -> {
                resp.setStatus(304);
                return;
            }
            case FAILED -> {
                DavErrors.send(resp, 412, "precondition failed");
                return;
            }
            default -> {}
        }
        if (n instanceof FolderNode folder) {
            listing(x, folder, head);
            return;
        }
        content(x, (DavContent) n, head);
    }

    private static void content(DavExchange x, DavContent n, boolean head) throws IOException {
        HttpServletResponse resp = x.resp();
        long size = n.size();
        ByteRange range = rangeFor(x, n);
        if (range == ByteRange.UNSATISFIABLE) {
            resp.setHeader("Content-Range", "bytes */" + size);
            DavErrors.send(resp, 416, "range not satisfiable");
            return;
        }
        long first = range == ByteRange.IGNORE ? 0 : range.first();
        long length = range == ByteRange.IGNORE ? size : range.length();
        // opened before the status line: content that cannot be read fails with a clean error, never a cut 200
        try (BlobReader content = head || size == 0 ? null : n.open(x)) {
            resp.setHeader("Accept-Ranges", "bytes");
            // stored bytes never run in this origin: inline only for types a browser merely shows
            ContentPolicy.headers(n.contentType(), Hrefs.decode(n.getName())).forEach(resp::setHeader);
            n.describe(x, resp);
            if (range != ByteRange.IGNORE) {
                resp.setStatus(206);
                resp.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
            } else {
                resp.setStatus(200);
            }
            resp.setContentLengthLong(length);
            if (content != null) {
                BlobBody.send(resp, content, first, length);
            }
        }
    }

    /** Range applies only when If-Range (if any) still matches (RFC 9110 §13.1.5). */
    private static ByteRange rangeFor(DavExchange x, DavContent n) {
        String range = x.req().getHeader("Range");
        if (range == null) {
            return ByteRange.IGNORE;
        }
        String ifRange = x.req().getHeader("If-Range");
        if (ifRange != null) {
            String v = ifRange.trim();
            if (v.startsWith("\"")) {
                if (n.etag() == null || !v.equals("\"" + n.etag() + "\"")) {
                    return ByteRange.IGNORE;
                }
            } else {
                long d = HttpDates.parse(v);
                if (d < 0 || d / 1000 != n.lastModified() / 1000) {
                    return ByteRange.IGNORE;
                }
            }
        }
        return ByteRange.parse(range, n.size());
    }

    private static void listing(DavExchange x, FolderNode folder, boolean head) throws IOException {
        HttpServletResponse resp = x.resp();
        resp.setStatus(200);
        resp.setContentType("text/html; charset=utf-8");
        PageHeaders.apply(x.req(), resp);
        if (head) {
            return;
        }
        Writer w = new java.io.OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8);
        String title = XmlWriter.escape(folder.path().toString(), false);
        w.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1><ul>");
        folder.members(x, page -> {
            for (DavNode c : page) {
                String name = c.getName();
                w.write("<li><a href=\"" + XmlWriter.escape(c.href(), true) + "\">"
                        + XmlWriter.escape(Hrefs.decode(name), false) + (c.isCollection() ? "/" : "") + "</a></li>");
            }
        });
        w.write("</ul></body></html>\n");
        w.flush();
    }
}
