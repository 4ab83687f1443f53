package org.kiste.nextcloud.versions;

import java.util.List;
import org.kiste.dav.Hrefs;

/**
 * A URL under {@code /remote.php/dav/versions/}: the collection, a user's ({@code {user}/}), their {@code versions/}
 * (which lists nothing: a file's versions are reached by its id), a file's versions ({@code versions/{fileid}/}),
 * one version ({@code versions/{fileid}/{revision}}), or {@code restore/} and any name below it, where a version is
 * moved to be restored. Names are percent-decoded; a file id or revision that is not a number names nothing.
 *
 * @param area     {@code versions}, {@code restore} or null (the user's collection, or above)
 * @param fileId   the file's id, or -1
 * @param revision the version's name, or -1
 * @param target   the name below {@code restore/}, or null
 */
record VersionsPath(String user, String area, long fileId, long revision, String target) {
    static final String PREFIX = "/remote.php/dav/versions";
    static final String VERSIONS = "versions";
    static final String RESTORE = "restore";

    enum Level {
        ROOT,
        USER,
        VERSIONS,
        FILE,
        VERSION,
        RESTORE,
        RESTORE_TARGET
    }

    static boolean owns(String rawPath) {
        return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
    }

    /** Null when the URL names nothing that can exist. */
    static VersionsPath parse(String rawPath) {
        List<String> s = Hrefs.decodeSegments(rawPath.substring(PREFIX.length()));
        if (s.isEmpty()) {
            return new VersionsPath(null, null, -1, -1, null);
        }
        if (s.size() == 1) {
            return new VersionsPath(s.get(0), null, -1, -1, null);
        }
        String area = s.get(1);
        if (area.equals(RESTORE) && s.size() <= 3) {
            return new VersionsPath(s.get(0), RESTORE, -1, -1, s.size() == 3 ? s.get(2) : null);
        }
        if (!area.equals(VERSIONS) || s.size() > 4) {
            return null;
        }
        long fileId = s.size() > 2 ? number(s.get(2)) : -1;
        long revision = s.size() > 3 ? number(s.get(3)) : -1;
        if ((s.size() > 2 && fileId < 0) || (s.size() > 3 && revision < 0)) {
            return null;
        }
        return new VersionsPath(s.get(0), VERSIONS, fileId, revision, null);
    }

    /** A decimal number of at most 18 digits, or -1. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }

    Level level() {
        if (user == null) {
            return Level.ROOT;
        }
        if (area == null) {
            return Level.USER;
        }
        if (area.equals(RESTORE)) {
            return target == null ? Level.RESTORE : Level.RESTORE_TARGET;
        }
        if (fileId < 0) {
            return Level.VERSIONS;
        }
        return revision < 0 ? Level.FILE : Level.VERSION;
    }

    static String userHref(String contextPath, String user) {
        return contextPath + PREFIX + "/" + Hrefs.encodeSegment(user) + "/";
    }

    static String areaHref(String contextPath, String user, String area) {
        return userHref(contextPath, user) + area + "/";
    }

    static String fileHref(String contextPath, String user, long fileId) {
        return areaHref(contextPath, user, VERSIONS) + fileId + "/";
    }
}
