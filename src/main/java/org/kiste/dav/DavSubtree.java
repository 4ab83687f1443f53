package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.model.Principal;

/**
 * A collection below {@code /remote.php/dav/} that is not a user's files tree and is served by its own door
 * (Nextcloud's chunked uploads; later the trash bin and versions). The WebDAV servlet has already checked the
 * method and the login when it hands a request over.
 */
public interface DavSubtree {
    /** Whether {@code rawPath} (below the context path, still percent-encoded) belongs to this collection. */
    boolean owns(String rawPath);

    /** @param principal the logged-in user; null only for OPTIONS */
    void serve(HttpServletRequest req, HttpServletResponse resp, Principal principal, String rawPath) throws IOException;
}
