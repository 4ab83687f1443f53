package org.kiste.dav;

import io.milton.http.HttpManager;
import io.milton.servlet.ServletResponse;
import jakarta.servlet.ServletContext;
import java.io.IOException;

/**
 * Hands one routed, authenticated WebDAV request to Kiste's handlers (through Milton's dispatch, SEARCH
 * directly) and finishes the exchange. Every WebDAV door (a user's tree, a public link) ends here.
 */
final class DavDispatch {
    private final HttpManager milton;
    private final SearchHandler search = new SearchHandler();

    DavDispatch(DavTree tree) {
        this.milton = MiltonWiring.build(tree);
    }

    void run(DavExchange x, ServletContext context) throws IOException {
        if (x.req().getMethod().equals("SEARCH")) {
            search.run(x, x::target); // not a verb Milton knows
        } else {
            milton.process(new MiltonRequest(x, context), new ServletResponse(x.resp()));
        }
        if (x.resp().getStatus() >= 300) {
            Bodies.drainUnread(x.req());
        }
        x.resp().flushBuffer();
    }
}
