package org.kiste.nextcloud.upload;

import org.kiste.uploads.UploadNames;

import org.kiste.uploads.Transfer;

import org.kiste.uploads.Chunk;

import org.kiste.uploads.ChunkedUploads;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.HttpDates;
import org.kiste.dav.LiveProperties;
import org.kiste.dav.Multistatus;
import org.kiste.dav.PropFindAnswer;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;

/**
 * PROPFIND in the uploads tree: what a client needs to resume (the desktop reads each chunk's size, Android its
 * name): {@code resourcetype}, {@code getcontentlength}, {@code getetag}, {@code getlastmodified}. Streamed like
 * the files tree's listings, with the same content type and the 200 propstat first.
 */
final class UploadsPropFind {
    private static final List<QName> ALL = List.of(LiveProperties.RESOURCETYPE, LiveProperties.GETCONTENTLENGTH,
            LiveProperties.GETETAG, LiveProperties.GETLASTMODIFIED);

    /** One listed resource; {@code size}, {@code etag}, {@code lastModified} absent (-1/null) where unknown. */
    private record Entry(String href, boolean collection, long size, String etag, long lastModified) {
    }

    private final ChunkedUploads uploads;
    private final String contextPath;
    private final long maxXmlBody;

    UploadsPropFind(ChunkedUploads uploads, String contextPath, long maxXmlBody) {
        this.uploads = uploads;
        this.contextPath = contextPath;
        this.maxXmlBody = maxXmlBody;
    }

    void serve(HttpServletRequest req, HttpServletResponse resp, Principal p, UploadsPath path)
            throws IOException, XmlBodyException {
        PropFindAnswer.Query query = PropFindAnswer.read(req, resp, maxXmlBody);
        if (query == null) {
            return;
        }
        int depth = query.depth();
        PropFindRequest request = query.request();
        String user = p.login();
        switch (path.level()) {
            case ROOT -> {
                try (Multistatus ms = new Multistatus(resp)) {
                    write(ms, new Entry(contextPath + UploadsPath.PREFIX + "/", true, -1, null, -1), request);
                    if (depth == 1) {
                        write(ms, new Entry(UploadsPath.userHref(contextPath, user), true, -1, null, -1), request);
                    }
                }
            }
            case USER -> {
                try (Multistatus ms = new Multistatus(resp)) {
                    write(ms, new Entry(UploadsPath.userHref(contextPath, user), true, -1, null, -1), request);
                    if (depth == 1) {
                        try {
                            uploads.transfers(p, t -> {
                                try {
                                    write(ms, transferEntry(user, t), request);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
                        } catch (UncheckedIOException e) {
                            throw e.getCause();
                        }
                    }
                }
            }
            case TRANSFER -> {
                Transfer t = uploads.transfer(p, path.transfer());
                List<Chunk> chunks = depth == 1 ? uploads.chunks(p, path.transfer()) : List.of();
                try (Multistatus ms = new Multistatus(resp)) {
                    write(ms, transferEntry(user, t), request);
                    for (Chunk c : chunks) {
                        write(ms, chunkEntry(user, t.id(), c), request);
                    }
                }
            }
            case CHUNK -> {
                if (path.chunk().equals(UploadNames.ASSEMBLED)) {
                    throw new NotFoundException(path.chunk()); // the assembled file exists only as a MOVE source
                }
                Chunk c = uploads.chunk(p, path.transfer(), path.chunk());
                try (Multistatus ms = new Multistatus(resp)) {
                    write(ms, chunkEntry(user, path.transfer(), c), request);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private Entry transferEntry(String user, Transfer t) {
        return new Entry(UploadsPath.transferHref(contextPath, user, t.id()), true, -1,
                Long.toHexString(t.lastModified()), t.lastModified());
    }

    private Entry chunkEntry(String user, String transfer, Chunk c) {
        return new Entry(UploadsPath.chunkHref(contextPath, user, transfer, c.name()), false, c.size(), c.etag(),
                c.lastModified());
    }

    private static void write(Multistatus ms, Entry e, PropFindRequest r) throws IOException {
        PropFindAnswer.write(ms, e.href(), r, ALL, q -> has(e, q), (out, q) -> value(out, e, q));
    }

    private static boolean has(Entry e, QName q) {
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            return true;
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            return !e.collection();
        } else if (q.equals(LiveProperties.GETETAG)) {
            return e.etag() != null;
        } else if (q.equals(LiveProperties.GETLASTMODIFIED)) {
            return e.lastModified() >= 0;
        }
        return false;
    }

    /** Writes the property when this entry has it; false otherwise. */
    private static boolean value(Multistatus ms, Entry e, QName q) throws IOException {
        if (!has(e, q)) {
            return false;
        }
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            ms.writer().write(e.collection() ? "<d:resourcetype><d:collection/></d:resourcetype>" : "<d:resourcetype/>");
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            ms.textElement(q, Long.toString(e.size()));
        } else if (q.equals(LiveProperties.GETETAG)) {
            ms.textElement(q, "\"" + e.etag() + "\"");
        } else {
            ms.textElement(q, HttpDates.format(e.lastModified()));
        }
        return true;
    }
}
