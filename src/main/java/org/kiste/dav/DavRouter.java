package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Principal;

/**
 * Maps request paths to {@link DavLocation}s. Three URL families reach one user's tree:
 * {@code /remote.php/dav/files/{user}/…} (canonical), {@code /remote.php/webdav/…} and {@code /dav/…} (the
 * logged-in user's root, for OS mounts). A path into another user's tree is answered as not found.
 */
public final class DavRouter {
    public static final String FILES = "/remote.php/dav/files/";
    public static final String WEBDAV = "/remote.php/webdav";
    public static final String SHORT = "/dav";

    /** Where public link WebDAV lives: {@code /public.php/dav/files/{token}/…} (Nextcloud 29 and later). */
    public static final String PUBLIC_FILES = "/public.php/dav/files/";
    /** The older public link WebDAV address, whose Basic user name is the token. */
    public static final String PUBLIC_WEBDAV = "/public.php/webdav";

    private final String contextPath;
    /** For a link's router: the raw path its tree lives under; null for users' trees. */
    private final String linkBase;

    public DavRouter(String contextPath) {
        this(contextPath, null);
    }

    private DavRouter(String contextPath, String linkBase) {
        this.contextPath = contextPath;
        this.linkBase = linkBase;
    }

    /**
     * The router of one public link's WebDAV request: only paths under {@code rawBase} (e.g.
     * {@code /public.php/dav/files/{token}}) name something, the visitor's tree (the linked item); a Destination
     * elsewhere is outside it.
     */
    public static DavRouter forLink(String contextPath, String rawBase) {
        return new DavRouter(contextPath, rawBase);
    }

    public String contextPath() {
        return contextPath;
    }

    /** True for paths whose every method but OPTIONS needs a login. */
    public static boolean isDavPath(String rawPath) {
        return rawPath.startsWith("/remote.php/")
                || rawPath.equals("/remote.php")
                || rawPath.equals(SHORT)
                || rawPath.startsWith(SHORT + "/");
    }

    /** Returns null when nothing lives at the path for this principal (404). */
    public DavLocation route(String rawPath, Principal p) {
        if (linkBase != null) {
            if (rawPath.equals(linkBase) || rawPath.startsWith(linkBase + "/")) {
                return tree(contextPath + linkBase, rawPath.substring(linkBase.length()));
            }
            return null;
        }
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return new DavLocation(DavLocation.Kind.SERVER_ROOT, contextPath, FilePath.ROOT);
        }
        String trimmed = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if (trimmed.equals("/remote.php")) {
            // Windows walks every parent of a mapped folder with PROPFIND
            return new DavLocation(DavLocation.Kind.REMOTE_ROOT, contextPath + "/remote.php", FilePath.ROOT);
        }
        if (trimmed.equals("/remote.php/dav")) {
            return new DavLocation(DavLocation.Kind.DAV_ROOT, contextPath + "/remote.php/dav", FilePath.ROOT);
        }
        if (trimmed.equals("/remote.php/dav/files")) {
            return new DavLocation(DavLocation.Kind.FILES_ROOT, contextPath + "/remote.php/dav/files", FilePath.ROOT);
        }
        if (rawPath.startsWith(FILES)) {
            String rest = rawPath.substring(FILES.length());
            int slash = rest.indexOf('/');
            String user = Hrefs.decode(slash < 0 ? rest : rest.substring(0, slash));
            if (p == null || !user.equals(p.login())) {
                return null;
            }
            return tree(contextPath + FILES + Hrefs.encodeSegment(user), slash < 0 ? "" : rest.substring(slash));
        }
        if (rawPath.equals(WEBDAV) || rawPath.startsWith(WEBDAV + "/")) {
            return tree(contextPath + WEBDAV, rawPath.substring(WEBDAV.length()));
        }
        if (rawPath.equals(SHORT) || rawPath.startsWith(SHORT + "/")) {
            return tree(contextPath + SHORT, rawPath.substring(SHORT.length()));
        }
        return null;
    }

    private static DavLocation tree(String base, String rawRest) {
        List<String> segments = Hrefs.decodeSegments(rawRest);
        return new DavLocation(DavLocation.Kind.TREE, base, FilePath.of(segments));
    }

    /** The raw path of a request below the context path. */
    public String rawPath(HttpServletRequest req) {
        String uri = req.getRequestURI();
        if (!contextPath.isEmpty() && uri.startsWith(contextPath)) {
            uri = uri.substring(contextPath.length());
        }
        return uri.isEmpty() ? "/" : uri;
    }

    /**
     * Resolves a Destination header (absolute path or same-host URL) to a location in the principal's tree.
     * Another host is refused with 502 semantics by the caller; a path outside the user's tree is forbidden.
     */
    public DavLocation destination(String header, HttpServletRequest req, Principal p) {
        DavLocation loc = route(destinationPath(header, req), p);
        if (loc == null || !loc.isTree()) {
            throw new ForbiddenException("Destination is outside your files");
        }
        return loc;
    }

    /**
     * The raw (still percent-encoded) path a Destination header names, below the context path: 400 when it is no
     * URL, {@link DestinationElsewhereException} for another host, 403 outside this server's WebDAV tree.
     */
    public String destinationPath(String header, HttpServletRequest req) {
        if (header == null || header.isBlank()) {
            throw new BadRequestException("Destination header is missing");
        }
        String raw = header.trim();
        String path;
        if (raw.startsWith("/")) {
            path = stripQuery(raw);
        } else {
            URI u;
            try {
                u = new URI(raw);
            } catch (Exception e) {
                // clients send unencoded characters; read the path part as-is
                int idx = raw.indexOf("://");
                int slash = idx < 0 ? -1 : raw.indexOf('/', idx + 3);
                if (slash < 0) {
                    throw new BadRequestException("Destination is not a URL");
                }
                checkHost(raw.substring(idx + 3, slash), req);
                return belowContext(stripQuery(raw.substring(slash)));
            }
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                throw new BadRequestException("Destination is not a URL");
            }
            checkHost(u.getRawAuthority(), req);
            path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        }
        return belowContext(path);
    }

    private String belowContext(String rawPath) {
        if (contextPath.isEmpty()) {
            return rawPath;
        }
        if (!rawPath.startsWith(contextPath + "/")) {
            throw new ForbiddenException("Destination is outside this server's WebDAV tree");
        }
        return rawPath.substring(contextPath.length());
    }

    private static String stripQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static void checkHost(String authority, HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null) {
            host = req.getServerName() + ":" + req.getServerPort();
        }
        String a = authority.contains("@") ? authority.substring(authority.indexOf('@') + 1) : authority;
        if (!sameAuthority(a, host, req)) {
            throw new DestinationElsewhereException();
        }
    }

    private static boolean sameAuthority(String a, String host, HttpServletRequest req) {
        if (a.equalsIgnoreCase(host)) {
            return true;
        }
        String defaultPort = req.isSecure() ? ":443" : ":80";
        return (a + defaultPort).equalsIgnoreCase(host)
                || a.equalsIgnoreCase(host + defaultPort)
                || a.equalsIgnoreCase(req.getServerName() + ":" + req.getServerPort());
    }

    /** The Destination names another server (RFC 4918 §9.9.4: 502). */
    public static final class DestinationElsewhereException extends RuntimeException {
        public DestinationElsewhereException() {
            super("Destination is on another server", null, false, false);
        }
    }
}
