package org.kiste.dav;

import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.Principal;

/**
 * The target of a PUT. The files core finds what is at the path itself, under its locks, when it stores the body,
 * so nothing is looked up before: only what asks about the target's current state (an If header) resolves it here,
 * once.
 */
final class PutTarget extends TreeNode {
    private TreeNode now;

    PutTarget(FilesService files, Principal principal, DavLocation location, String href) {
        super(files, principal, location, href);
    }

    /** What is at the path now: a file, a folder, or an unmapped name. */
    private TreeNode now() {
        if (now == null) {
            Resolved r = files.find(principal, path()).orElse(null);
            now = r == null
                    ? new UnmappedNode(files, principal, location, href())
                    : r.isFolder()
                            ? new FolderNode(files, principal, location, href(), r)
                            : new FileNode(files, principal, location, href(), r);
        }
        return now;
    }

    @Override
    public Resolved resolved() {
        return now().resolved();
    }

    @Override
    public boolean exists() {
        return now().exists();
    }

    @Override
    public boolean isCollection() {
        return now().isCollection();
    }

    @Override
    public String etag() {
        return now().etag();
    }

    @Override
    public long lastModified() {
        return now().lastModified();
    }

    @Override
    public NodeProperties properties() {
        return now().properties();
    }
}
