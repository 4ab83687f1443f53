package org.kiste.dav;

import java.io.IOException;
import java.util.List;
import org.kiste.model.ContentDetails;

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

    /** Lists members with everything a node can answer, content checksums included. */
    void members(DavExchange x, Members sink) throws IOException;

    /**
     * Lists members for an answer that needs their content details ({@code oc:checksums}) or not, as {@code details}
     * says; a collection that cannot save anything by leaving them out lists them as {@link #members(DavExchange,
     * Members)} does.
     */
    default void members(DavExchange x, ContentDetails details, Members sink) throws IOException {
        members(x, sink);
    }
}
