package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.model.FilesException;
import org.kiste.store.StoreException;
import org.slf4j.Logger;

/**
 * Runs one request of a {@link DavSubtree} door and answers its failures as the files tree does: the core's
 * refusals with their status, a Destination on another server with 502, a bad XML body with 400, a database
 * failure with 503, a client that hung up mid-body with 400, anything else with 500 (logged).
 */
public final class SubtreeCall {
    /** A door's handling of one request. */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException, XmlBodyException;
    }

    private SubtreeCall() {
    }

    /** Answers OPTIONS with the methods {@code allow} names; false for any other method. */
    public static boolean options(HttpServletRequest req, HttpServletResponse resp, String allow) {
        if (!req.getMethod().equals("OPTIONS")) {
            return false;
        }
        resp.setStatus(200);
        resp.setHeader("DAV", "1, 3");
        resp.setHeader("Allow", allow);
        resp.setContentLength(0);
        return true;
    }

    public static void run(HttpServletRequest req, HttpServletResponse resp, Logger log, Work work) throws IOException {
        try {
            work.run();
        } catch (FilesException e) {
            DavErrors.send(resp, e);
        } catch (DavRouter.DestinationElsewhereException e) {
            DavErrors.send(resp, 502, e.getMessage());
        } catch (XmlBodyException e) {
            DavErrors.send(resp, 400, e.getMessage());
        } catch (StoreException e) {
            log.error("database failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            DavErrors.send(resp, 503, "storage temporarily unavailable");
        } catch (IOException | UncheckedIOException e) {
            log.debug("I/O error on {} {}: {}", req.getMethod(), req.getRequestURI(), e.toString());
            DavErrors.send(resp, DavErrors.status(e), DavErrors.message(e));
        } catch (RuntimeException e) {
            log.error("failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            DavErrors.send(resp, 500, "internal error");
        }
    }
}
