package org.kiste.files;

import java.util.concurrent.CompletableFuture;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;

/**
 * An upload whose body is received and is becoming durable, not yet committed ({@link FilesService#prepare}): the
 * commit ({@link FilesService#commit}) decides everything in its transaction, as a PUT does; an upload that is not
 * committed is given back with {@link FilesService#discard}. Bulk uploads receive the next file while the previous
 * ones commit, each in its own transaction.
 */
public final class PreparedUpload {
    final Principal principal;
    final FilePath path;
    final UserTree.Place at;
    final Long mtime;
    final String mime;
    final Precondition pre;
    final CommitStep withCommit;
    final Uploads.Staged staged;
    final CompletableFuture<Void> durable;
    /** The bytes the space could take for this file when it was prepared (quota and disk). */
    private final long room;

    PreparedUpload(
            Principal principal,
            FilePath path,
            UserTree.Place at,
            Long mtime,
            String mime,
            Precondition pre,
            CommitStep withCommit,
            Uploads.Staged staged,
            CompletableFuture<Void> durable,
            long room) {
        this.principal = principal;
        this.path = path;
        this.at = at;
        this.mtime = mtime;
        this.mime = mime;
        this.pre = pre;
        this.withCommit = withCommit;
        this.staged = staged;
        this.durable = durable;
        this.room = room;
    }

    /** Where the file goes, in the principal's tree. */
    public FilePath path() {
        return path;
    }

    /**
     * Whether this file and {@code others} bytes of files committed beside it fitted the room its space had when it
     * was prepared: then none of them can be refused for space because of the others (the commit decides anyway).
     */
    public boolean fitsBeside(long others) {
        return others <= room - size();
    }

    /** The bytes of the received body. */
    public long size() {
        return staged == null ? 0 : staged.blob().size();
    }
}
