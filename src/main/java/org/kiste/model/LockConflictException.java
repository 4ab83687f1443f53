package org.kiste.model;

/**
 * A LOCK that an existing lock is incompatible with: submitting a token cannot help, so the answer is 423 with
 * {@code no-conflicting-lock} rather than {@code lock-token-submitted} (RFC 4918 §9.10.6, §16).
 */
public class LockConflictException extends LockedException {
    public LockConflictException(String message, long lockRootNodeId) {
        super(message, lockRootNodeId);
    }
}
