package org.kiste.model;

/**
 * The write would exceed the space's quota ({@link #byQuota()}) or the room on the disk. Doors name the matching
 * condition (RFC 4331 §6 {@code quota-not-exceeded}, RFC 4918 {@code sufficient-disk-space}).
 */
public class InsufficientStorageException extends FilesException {
    private final boolean byQuota;

    public InsufficientStorageException(String message) {
        this(message, true);
    }

    public InsufficientStorageException(String message, boolean byQuota) {
        super(message);
        this.byQuota = byQuota;
    }

    /** True when the space's quota, not the disk, was the limit. */
    public boolean byQuota() {
        return byQuota;
    }

    @Override
    public int httpStatus() {
        return 507;
    }
}
