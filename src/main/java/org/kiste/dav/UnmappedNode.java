package org.kiste.dav;

import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;

/** A name in a files tree where nothing is: PUT, MKCOL, LOCK and a MOVE or COPY destination may create it. */
public final class UnmappedNode extends TreeNode {
    UnmappedNode(FilesService files, Principal principal, DavLocation location, String href) {
        super(files, principal, location, href);
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public Resolved resolved() {
        return null;
    }

    @Override
    public boolean isCollection() {
        return false;
    }

    @Override
    public NodeProperties properties() {
        throw new NotFoundException(path().toString());
    }

    @Override
    public void delete(DavExchange x) {
        throw new NotFoundException(path().toString());
    }

    @Override
    public Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        throw new NotFoundException(path().toString());
    }

    @Override
    public Outcome copyTo(DavExchange x, DavNode destination, boolean overwrite, boolean deep) {
        throw new NotFoundException(path().toString());
    }
}
