package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.model.Principal;

/**
 * A POST door beside the WebDAV trees (Nextcloud's bulk upload). It is reached through the WebDAV front door, so it
 * is logged in, throttled and refused exactly as every other WebDAV request, before any of its body is read.
 */
public interface DavPost {
    /** Whether {@code rawPath} (below the context path, slashes collapsed, still percent-encoded) is this door. */
    boolean owns(String rawPath);

    /** Answers one logged-in POST. */
    void post(HttpServletRequest req, HttpServletResponse resp, Principal principal) throws IOException;
}
