package org.kiste.files;

/** Bytes used in a space and bytes still available ({@code -1}: unlimited, limited only by the disk). */
public record Quota(long used, long limit, long diskFree) {
    public long available() {
        return limit < 0 ? diskFree : Math.max(0, Math.min(limit - used, diskFree));
    }
}
