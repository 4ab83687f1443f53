package org.kiste.files;

/**
 * The external form of node ids. {@code oc:fileid} is the number itself; {@code oc:id} and {@code OC-FileId}
 * are the number zero-padded to eight digits followed by this instance's id ({@code oc} + 10 characters),
 * the format Nextcloud clients keep in their journals. Ids are never reused and survive MOVE.
 */
public final class FileIds {
    private final String instanceId;

    public FileIds(String instanceId) {
        if (!instanceId.matches("oc[a-z0-9]{10}")) {
            throw new IllegalArgumentException("instance id must be 'oc' and 10 characters a-z0-9");
        }
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    /** {@code 00000042ocx7k2p9qz4m}. */
    public String ocId(long nodeId) {
        String digits = Long.toString(nodeId);
        return digits.length() >= 8 ? digits + instanceId : "0".repeat(8 - digits.length()) + digits + instanceId;
    }

    /** A random instance id, made once per installation. */
    public static String newInstanceId() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder b = new StringBuilder("oc");
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
