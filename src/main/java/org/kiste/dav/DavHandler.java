package org.kiste.dav;

import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.http.Response;
import io.milton.resource.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.model.FilesException;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.LockConflictException;
import org.kiste.model.LockedException;
import org.kiste.files.Quota;
import org.kiste.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of Kiste's WebDAV method handlers, registered with Milton's {@link HttpManager} in place of CE's own.
 * Each handler translates one request into calls on the files core; refusals map to statuses in {@link DavErrors}.
 */
public abstract class DavHandler implements io.milton.http.Handler {
    private static final Logger log = LoggerFactory.getLogger(DavHandler.class);

    @Override
    public boolean isCompatible(Resource resource) {
        return true;
    }

    @Override
    public final void process(HttpManager manager, Request request, Response response) {
        run(((MiltonRequest) request).exchange());
    }

    /** Handles one exchange, mapping refusals to statuses; also the entry for methods Milton does not know. */
    final void run(DavExchange x) {
        try {
            if (!x.location().isTree() && !allowsVirtual()) {
                x.resp().setHeader("Allow", "OPTIONS, PROPFIND");
                DavErrors.send(x.resp(), 405, "not allowed here");
                return;
            }
            handle(x);
        } catch (LockedException e) {
            try {
                DavErrors.sendLocked(x.resp(), e instanceof LockConflictException ? "no-conflicting-lock"
                        : "lock-token-submitted", LockHandler.lockRootHref(x, e.lockRootNodeId()));
            } catch (IOException | RuntimeException ignored) {
                sendQuietly(x, 423, "locked");
            }
        } catch (InsufficientStorageException e) {
            sendInsufficientStorage(x, e);
        } catch (FilesException e) {
            sendQuietly(x, DavErrors.status(e), e.getMessage());
        } catch (XmlBodyException e) {
            sendQuietly(x, 400, e.getMessage());
        } catch (StoreException e) {
            log.error("database failure on {} {}", x.req().getMethod(), x.req().getRequestURI(), e);
            sendQuietly(x, 503, "storage temporarily unavailable");
        } catch (IOException | UncheckedIOException e) {
            log.debug("I/O error on {} {}: {}", x.req().getMethod(), x.req().getRequestURI(), e.toString());
            sendQuietly(x, DavErrors.status(e), DavErrors.message(e));
        } catch (RuntimeException e) {
            log.error("failure on {} {}", x.req().getMethod(), x.req().getRequestURI(), e);
            sendQuietly(x, 500, "internal error");
        }
    }

    /** RFC 4331 §6: a 507 names its precondition, the quota when the space's limit was the tighter bound. */
    private static void sendInsufficientStorage(DavExchange x, InsufficientStorageException e) {
        try {
            Quota q = x.location().isTree() ? x.files().quota(x.principal(), x.location().path())
                    : x.files().quota(x.principal());
            boolean byQuota = q.limit() >= 0 && q.limit() - q.used() <= q.diskFree();
            DavErrors.sendCondition(x.resp(), 507, byQuota ? "quota-not-exceeded" : "sufficient-disk-space", e.getMessage());
        } catch (IOException | RuntimeException ignored) {
            sendQuietly(x, 507, e.getMessage());
        }
    }

    private static void sendQuietly(DavExchange x, int status, String message) {
        try {
            DavErrors.send(x.resp(), status, message);
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    /** Whether this method makes sense on the virtual collections above the user trees. */
    protected boolean allowsVirtual() {
        return false;
    }

    protected abstract void handle(DavExchange x) throws IOException, XmlBodyException;
}
