package org.kiste.dav;

import org.kiste.model.FilePath;

/**
 * What a request URL names: a path in the principal's own tree (with the href prefix of the mount it came
 * through), or one of the virtual collections above the trees.
 */
public record DavLocation(Kind kind, String hrefBase, FilePath path) {
    public enum Kind {
        /** A file or folder in the user's tree. */
        TREE,
        /** {@code /}: the server root. */
        SERVER_ROOT,
        /** {@code /remote.php/}. */
        REMOTE_ROOT,
        /** {@code /remote.php/dav/}. */
        DAV_ROOT,
        /** {@code /remote.php/dav/files/}. */
        FILES_ROOT
    }

    public boolean isTree() {
        return kind == Kind.TREE;
    }

    /** The href of a path below this location's mount: absolute path, percent-encoded, '/' after folders. */
    public String href(FilePath p, boolean folder) {
        StringBuilder sb = new StringBuilder(hrefBase.length() + 64).append(hrefBase);
        for (String n : p.names()) {
            sb.append('/').append(Hrefs.encodeSegment(n));
        }
        if (folder || p.isRoot()) {
            sb.append('/');
        }
        return sb.toString();
    }
}
