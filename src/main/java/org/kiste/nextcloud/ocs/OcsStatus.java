package org.kiste.nextcloud.ocs;

/**
 * Status codes an endpoint reports, as Nextcloud's {@code OCSController} names them. HTTP codes (400, 403, 404…)
 * are used as they are; {@link OcsVersion} turns them into what v1 and v2 put on the wire.
 */
public final class OcsStatus {
    public static final int OK = 200;
    public static final int SERVER_ERROR = 996;
    public static final int UNAUTHORISED = 997;
    public static final int NOT_FOUND = 998;
    public static final int UNKNOWN_ERROR = 999;

    private OcsStatus() {}
}
