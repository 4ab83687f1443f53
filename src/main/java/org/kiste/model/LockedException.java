package org.kiste.model;

/** A lock held by someone else, or whose token was not submitted, covers the target (423, RFC 4918 §11.3). */
public class LockedException extends FilesException {
    private final long lockRootNodeId;

    public LockedException(String message, long lockRootNodeId) {
        super(message);
        this.lockRootNodeId = lockRootNodeId;
    }

    /** The node the conflicting lock is rooted at (for the {@code lock-token-submitted} href). */
    public long lockRootNodeId() {
        return lockRootNodeId;
    }

    @Override
    public int httpStatus() {
        return 423;
    }
}
