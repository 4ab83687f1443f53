package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.blob.BlobReader;

/** A node with content to GET (SabreDAV's IFile): a file, a chunk, a deleted file. Ranges and conditionals apply. */
public interface DavContent extends DavNode {
    long size();

    String contentType();

    /** The content, checked to be readable with its recorded size before anything is sent; null when empty. */
    BlobReader open(DavExchange x) throws IOException;

    /** Headers of its own that go with the content (a file id, a checksum). */
    default void describe(DavExchange x, HttpServletResponse resp) {}

    @Override
    default boolean isCollection() {
        return false;
    }
}
