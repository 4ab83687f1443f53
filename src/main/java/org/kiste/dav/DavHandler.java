package org.kiste.dav;

import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.http.Response;
import io.milton.resource.Resource;
import java.io.IOException;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.model.NotFoundException;

/**
 * Base of Kiste's WebDAV method handlers, registered with Milton's {@link HttpManager} in place of CE's own. The
 * request's node comes from Milton's resource factory ({@link DavTree}); each handler applies the method to it, and
 * every failure is answered by {@link DavErrors}.
 */
public abstract class DavHandler implements io.milton.http.Handler {

    @Override
    public boolean isCompatible(Resource resource) {
        return true;
    }

    @Override
    public final void process(HttpManager manager, Request request, Response response) {
        DavExchange x = ((MiltonRequest) request).exchange();
        if (this instanceof OptionsHandler) {
            run(x, () -> null); // answered without a login and without looking anything up
            return;
        }
        run(x, () -> {
            try {
                return (DavNode) manager.getResourceFactory().getResource(request.getHostHeader(), x.rawPath());
            } catch (io.milton.http.exceptions.NotAuthorizedException
                    | io.milton.http.exceptions.BadRequestException e) {
                throw new IllegalStateException(e); // Kiste's factory throws neither
            }
        });
    }

    /** Finds the request's node. */
    @FunctionalInterface
    interface Target {
        DavNode get();
    }

    /** Handles one exchange; also the entry for methods Milton does not know (SEARCH). */
    final void run(DavExchange x, Target target) {
        try {
            handle(x, target.get());
        } catch (Exception | Error e) {
            DavErrors.answer(x.resp(), x.req().getMethod(), x.req().getRequestURI(), e, id -> LockRoots.href(x, id));
        }
    }

    protected abstract void handle(DavExchange x, DavNode target) throws IOException, XmlBodyException;

    /** The node itself, when it exists; 404 otherwise. */
    static DavNode existing(DavNode n) {
        if (!n.exists()) {
            throw new NotFoundException("not found");
        }
        return n;
    }
}
