package org.kiste.nextcloud.bulk;

/**
 * What one bulk upload may hold: its parts, the header bytes of each part, and its body in all. Beyond them the
 * request is refused (413 for the body's size, 400 otherwise); parts stored before that stay stored.
 *
 * @param maxParts files in one request ({@code bulk.max-parts}; the desktop client sends at most 100)
 * @param maxPartHeaderBytes header bytes of one part ({@code bulk.max-part-headers})
 * @param maxBytes body bytes of one request, framing included ({@code bulk.max-bytes})
 */
public record BulkLimits(int maxParts, int maxPartHeaderBytes, long maxBytes) {
    public static final BulkLimits DEFAULT = new BulkLimits(1000, 16 * 1024, 1L << 30);

    public BulkLimits {
        if (maxParts < 1 || maxPartHeaderBytes < 256 || maxBytes < 1) {
            throw new IllegalArgumentException("bulk upload limits must be positive");
        }
    }
}
