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
 * Nextcloud does the same). Where nothing is kept, the write's own update of the file's row records the new content's
 * writer ({@link #rowsAuthor}); where a version is kept, its statements record both writers, the replaced content's
 * read before it is overwritten.
 */
final class VersionRecorder implements ContentHook {
    private final VersionRepository versions;

    VersionRecorder(VersionRepository versions) {
        this.versions = versions;
    }

    /**
     * Whether a write that replaces {@code before}'s content by the blob {@code afterBlobId} (null: empty content) goes
     * to the version's statements, which keep the replaced content unless the newest version holds it already.
     */
    static boolean keepsVersion(Node before, Long afterBlobId) {
        return before.blob() != null
                && before.size() != 0
                && (afterBlobId == null || afterBlobId != before.blob().id());
    }

    /**
     * The writer that such a write's update of the file's row records ({@code content_by}): {@code by}, unless a
     * version is kept, whose statements record it (null).
     */
    static Long rowsAuthor(Node before, Long afterBlobId, Principal by) {
        return keepsVersion(before, afterBlobId) ? null : by.userId();
    }

    @Override
    public void replaced(Connection c, Node before, Node after, Principal by) throws SQLException {
        if (!keepsVersion(before, after.blob() == null ? null : after.blob().id())) {
            return; // the write's update recorded the writer (rowsAuthor)
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
