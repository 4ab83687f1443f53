package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import org.kiste.model.Node;
import org.kiste.model.Principal;
import org.kiste.store.VersionRepository;

/**
 * Keeps the content a write replaces as a version of the file, in the write's transaction (the file's row is locked
 * by it): the version names the old blob, so no bytes are copied. Nothing is kept when the content did not change
 * (the same blob, or the blob the newest version already holds), nor for empty content (there is nothing to lose;
 * Nextcloud does the same).
 */
final class VersionRecorder implements ContentHook {
    private final VersionRepository versions;

    VersionRecorder(VersionRepository versions) {
        this.versions = versions;
    }

    @Override
    public void replaced(Connection c, Node before, Node after, Principal by) throws SQLException {
        if (before.blob() == null
                || before.size() == 0
                || (after.blob() != null && after.blob().id() == before.blob().id())) {
            versions.setContentAuthor(c, after.id(), by.userId());
            return;
        }
        versions.keepReplaced(
                c,
                new VersionRepository.NewVersion(
                        before.id(),
                        before.blob().id(),
                        before.size(),
                        before.mtime(),
                        before.etag(),
                        before.mime(),
                        null,
                        System.currentTimeMillis()),
                by.userId());
    }
}
