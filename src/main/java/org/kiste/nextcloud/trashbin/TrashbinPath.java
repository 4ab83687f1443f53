package org.kiste.nextcloud.trashbin;

import java.util.List;
import org.kiste.dav.Hrefs;
import org.kiste.model.FilePath;

/**
 * A URL under {@code /remote.php/dav/trashbin/}: the collection, a user's trash bin ({@code {user}/}), its items
 * ({@code {user}/trash/}), one item or what lies inside a deleted folder ({@code trash/{key}/…}), or the restore
 * collection that items are moved into ({@code {user}/restore/}). Names are percent-decoded.
 *
 * @param area  {@code trash}, {@code restore} or null (the user's collection, or above)
 * @param key   the item's key in the trash bin, or null
 * @param below the path inside a deleted folder ({@link FilePath#ROOT} for the item itself)
 */
record TrashbinPath(String user, String area, String key, FilePath below) {
    static final String PREFIX = "/remote.php/dav/trashbin";
    static final String TRASH = "trash";
    static final String RESTORE = "restore";

    enum Level {
        ROOT,
        USER,
        TRASH,
        ITEM,
        RESTORE
    }

    static boolean owns(String rawPath) {
        return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
    }

    /** Null when the URL names nothing that can exist (an unknown area, a name below {@code restore/}). */
    static TrashbinPath parse(String rawPath) {
        List<String> s = Hrefs.decodeSegments(rawPath.substring(PREFIX.length()));
        if (s.isEmpty()) {
            return new TrashbinPath(null, null, null, FilePath.ROOT);
        }
        if (s.size() == 1) {
            return new TrashbinPath(s.get(0), null, null, FilePath.ROOT);
        }
        String area = s.get(1);
        if (area.equals(RESTORE)) {
            return new TrashbinPath(s.get(0), RESTORE, s.size() > 2 ? s.get(2) : null, FilePath.ROOT);
        }
        if (!area.equals(TRASH)) {
            return null;
        }
        return new TrashbinPath(
                s.get(0),
                TRASH,
                s.size() > 2 ? s.get(2) : null,
                s.size() > 3 ? FilePath.of(s.subList(3, s.size())) : FilePath.ROOT);
    }

    Level level() {
        if (user == null) {
            return Level.ROOT;
        }
        if (area == null) {
            return Level.USER;
        }
        if (area.equals(RESTORE)) {
            return Level.RESTORE;
        }
        return key == null ? Level.TRASH : Level.ITEM;
    }

    static String userHref(String contextPath, String user) {
        return contextPath + PREFIX + "/" + Hrefs.encodeSegment(user) + "/";
    }

    static String areaHref(String contextPath, String user, String area) {
        return userHref(contextPath, user) + area + "/";
    }

    /** The href of an item, or of a node inside a deleted folder. */
    static String itemHref(String contextPath, String user, String key, FilePath below, boolean folder) {
        StringBuilder b = new StringBuilder(areaHref(contextPath, user, TRASH)).append(Hrefs.encodeSegment(key));
        for (String name : below.names()) {
            b.append('/').append(Hrefs.encodeSegment(name));
        }
        return folder ? b.append('/').toString() : b.toString();
    }
}
