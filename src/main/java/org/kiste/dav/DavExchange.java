package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kiste.files.FilesService;
import org.kiste.files.LockService;
import org.kiste.model.Principal;

/** One WebDAV request as the handlers see it: the servlet pair, who is asking, and what the URL names. */
public record DavExchange(HttpServletRequest req, HttpServletResponse resp, Principal principal, DavLocation location,
                          FilesService files, LockService locks, DavRouter router, long maxXmlBody) {
}
