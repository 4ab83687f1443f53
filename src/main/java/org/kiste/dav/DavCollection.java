package org.kiste.dav;

import java.io.IOException;
import java.util.List;

/** A node with members (SabreDAV's ICollection): listed page by page, with no database connection held meanwhile. */
public interface DavCollection extends DavNode {
    /** Receives members page by page. */
    @FunctionalInterface
    interface Members {
        void accept(List<? extends DavNode> page) throws IOException;
    }

    @Override
    default boolean isCollection() {
        return true;
    }

    void members(DavExchange x, Members sink) throws IOException;
}
