package org.kiste.nextcloud.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.kiste.dav.DavErrors;
import org.kiste.dav.DavPost;
import org.kiste.dav.NextcloudProperties;
import org.kiste.dav.OcMtime;
import org.kiste.files.Checksum;
import org.kiste.files.EntryViews;
import org.kiste.files.FilesService;
import org.kiste.files.Located;
import org.kiste.files.Precondition;
import org.kiste.files.PreparedUpload;
import org.kiste.files.WriteResult;
import org.kiste.model.FilePath;
import org.kiste.model.FilesException;
import org.kiste.model.Node;
import org.kiste.model.Principal;
import org.kiste.model.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nextcloud's bulk upload, {@code POST /remote.php/dav/bulk}: many small files in one {@code multipart/related}
 * body, each part a file (headers {@code X-File-Path}, {@code Content-Length}, {@code X-File-MD5} or
 * {@code OC-Checksum}, {@code X-File-Mtime} or {@code X-OC-Mtime}). Each part is stored as its own PUT through the
 * files core, in its own transaction, so it keeps every rule of a PUT (checksum, quota, locks, permissions); a refused
 * part becomes its own {@code {"error": true}} entry and the others go on. The files of a request are committed
 * several at a time (see {@link Commits}), in the order of the parts where it matters: the same path twice, and
 * near the quota. The answer is 200 with one JSON entry per part, keyed by its path.
 *
 * <p>A body that cannot be read on (malformed, a part longer or shorter than announced, a limit passed, a missing
 * {@code X-File-Path}, {@code Content-Length} or checksum) ends the request with 400 (413 for its size) and the
 * entries of the parts before it, which stay stored; the part being read is never stored.
 */
public final class BulkUpload implements DavPost {
    private static final Logger log = LoggerFactory.getLogger(BulkUpload.class);
    public static final String PATH = "/remote.php/dav/bulk";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 2046 §5.1.1. */
    private static final int MAX_BOUNDARY = 70;

    /**
     * Where received files are committed, shared by all bulk uploads, while the requests' threads receive the next
     * files: the client's body is read at the pace it sends. Its size bounds the database connections bulk commits
     * take at once, leaving the rest of the pool to other requests.
     */
    private static final ExecutorService commitThreads = Executors.newFixedThreadPool(Commits.IN_FLIGHT, r -> {
        Thread t = new Thread(r, "kiste-bulk-commit");
        t.setDaemon(true);
        return t;
    });

    private final FilesService files;
    private final BulkLimits limits;

    public BulkUpload(FilesService files, BulkLimits limits) {
        this.files = files;
        this.limits = limits;
    }

    @Override
    public boolean owns(String rawPath) {
        return rawPath.equals(PATH) || rawPath.equals(PATH + "/");
    }

    @Override
    public void post(HttpServletRequest req, HttpServletResponse resp, Principal principal) throws IOException {
        String contentType = req.getContentType();
        String mime =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("multipart/related")) {
            DavErrors.send(resp, 415, "a bulk upload is multipart/related");
            return;
        }
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            DavErrors.send(resp, 400, "the multipart boundary is missing or longer than 70 characters");
            return;
        }
        if (req.getContentLengthLong() > limits.maxBytes()) {
            DavErrors.send(resp, 413, "a bulk upload may hold at most " + limits.maxBytes() + " bytes");
            return;
        }
        Answers answers = new Answers();
        Commits commits = new Commits(commitThreads);
        EntryViews views = files.views(principal);
        int status = 200;
        try (InputStream raw = req.getInputStream()) {
            BulkParts parts = new BulkParts(raw, boundary, limits);
            BulkParts.Part part;
            while ((part = parts.next()) != null) {
                receive(principal, part, parts, views, answers, commits);
            }
        } catch (BulkBodyException e) {
            log.info("bulk upload of {} ended with {}: {}", principal.login(), e.status(), e.getMessage());
            status = e.status();
        } finally {
            commits.done(); // the files received before the end are committed, whatever ended the body
        }
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] body = JSON.writeValueAsBytes(answers.all());
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /**
     * Receives one part into a staged blob and queues its commit; a part refused before its commit is answered after
     * the earlier work on its path. A body that cannot go on throws.
     */
    private void receive(
            Principal principal,
            BulkParts.Part part,
            BulkParts parts,
            EntryViews views,
            Answers answers,
            Commits commits)
            throws BulkBodyException {
        HttpFields h = part.headers();
        String key = h.get("X-File-Path");
        if (key == null || key.isEmpty()) {
            throw new BulkBodyException(400, "a part has no X-File-Path");
        }
        long length = length(h.get("Content-Length"));
        InputStream body = part.body(length);
        String ocChecksum = h.get("OC-Checksum");
        String md5 = h.get("X-File-MD5");
        if ((ocChecksum == null || ocChecksum.isBlank()) && (md5 == null || md5.isBlank())) {
            throw new BulkBodyException(400, "the part " + key + " has neither X-File-MD5 nor OC-Checksum");
        }
        answers.expect(key);
        Object order = key; // the file's path once it parses: the order of the work on one file
        try {
            FilePath path = FilePath.parse(key.startsWith("/") ? key.substring(1) : key);
            order = path;
            Checksum expected = Checksum.parse(ocChecksum);
            if (expected == null && md5 != null && !md5.isBlank()) {
                expected = Checksum.parse("MD5:" + md5.trim());
            }
            String mtimeHeader = h.get("X-File-Mtime");
            Long mtime = OcMtime.millis(mtimeHeader != null ? mtimeHeader : h.get(OcMtime.REQUEST_HEADER));
            if (length == 0) {
                part.requireEmpty();
            }
            // read before the file's room: a file committing now either still is when this one is queued, or is
            // stored by then and missing from that room, so it counts against the room either way
            long committing = commits.bytesInFlight();
            PreparedUpload up = files.prepare(
                    principal, path, body, length, mtime, h.get("Content-Type"), Precondition.NONE, expected);
            commits.commit(
                    path,
                    up.size(),
                    others -> up.fitsBeside(Math.max(others, committing)),
                    () -> answers.put(key, commit(principal, views, up, mtime)));
        } catch (FilesException | UnavailableException e) {
            rethrowIfBroken(parts);
            commits.answer(order, () -> answers.put(key, refused(e.getMessage())));
        } catch (IOException e) {
            rethrowIfBroken(parts);
            log.warn("bulk upload of {} by {}: {}", key, principal.login(), e.toString());
            commits.answer(order, () -> answers.put(key, refused("I/O error")));
        }
    }

    /** The transaction of one file; a refusal is that file's answer. */
    private Map<String, Object> commit(Principal principal, EntryViews views, PreparedUpload up, Long mtime) {
        try {
            WriteResult w = files.commit(up);
            return written(principal, views, up.path(), w.node(), mtime);
        } catch (FilesException | UnavailableException e) {
            return refused(e.getMessage());
        } catch (RuntimeException e) {
            log.error("bulk upload of {} by {}", up.path(), principal.login(), e);
            return refused("internal error");
        }
    }

    private static void rethrowIfBroken(BulkParts parts) throws BulkBodyException {
        if (parts.failure() != null) {
            throw parts.failure();
        }
    }

    private static long length(String header) throws BulkBodyException {
        if (header == null) {
            throw new BulkBodyException(400, "a part has no Content-Length");
        }
        try {
            long n = Long.parseLong(header.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BulkBodyException(400, "a part's Content-Length is not a length");
    }

    /** A stored file as Nextcloud answers it: its etag (unquoted), {@code oc:id} and permission letters. */
    private Map<String, Object> written(Principal p, EntryViews views, FilePath path, Node n, Long mtime) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("error", false);
        a.put("etag", n.etag());
        a.put("fileid", files.ids().ocId(n.id()));
        a.put("permissions", NextcloudProperties.letters(views.of(files.placed(p, new Located(n, path)))));
        if (mtime != null && n.mtime() == mtime) {
            a.put(OcMtime.REPLY_HEADER, "accepted");
        }
        return a;
    }

    private static Map<String, Object> refused(String message) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("error", true);
        a.put("message", message);
        return a;
    }
}
