package org.kiste.nextcloud.versions;

import org.kiste.dav.DavArea;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.files.FileIds;
import org.kiste.files.Versions;

/**
 * File versions, {@code /remote.php/dav/versions/{user}/…}, as the Nextcloud web, Android and iOS apps use them:
 * PROPFIND (Depth 1) of {@code versions/{fileid}/} lists a file's versions, GET reads one (ranges and conditions as
 * for any file), {@code MOVE versions/{fileid}/{revision}} to {@code restore/target} (or any name there) restores
 * it, PROPPATCH of {@code nc:version-label} names it and DELETE removes it. Another user's versions are not found.
 */
public final class VersionsArea implements DavArea {
    private final Versions versions;
    private final FileIds ids;

    public VersionsArea(Versions versions, FileIds ids) {
        this.versions = versions;
        this.ids = ids;
    }

    @Override
    public boolean owns(String rawPath) {
        return VersionsPath.owns(rawPath);
    }

    @Override
    public String allow(String rawPath) {
        VersionsPath path = VersionsPath.parse(rawPath);
        if (path == null) {
            return "OPTIONS";
        }
        return path.level() == VersionsPath.Level.VERSION ? VersionNodes.VERSION_ALLOW : VersionNodes.COLLECTION_ALLOW;
    }

    @Override
    public DavNode resolve(DavExchange x, String rawPath) {
        return new VersionNodes(versions, ids, x).at(rawPath);
    }
}
