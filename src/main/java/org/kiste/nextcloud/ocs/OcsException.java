package org.kiste.nextcloud.ocs;

/** An OCS failure with its status ({@link OcsStatus} or an HTTP code) and a message for {@code meta.message}. */
public final class OcsException extends RuntimeException {
    private final int status;

    public OcsException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static OcsException unauthorised() {
        return new OcsException(OcsStatus.UNAUTHORISED, "Unauthorised");
    }

    public static OcsException forbidden(String message) {
        return new OcsException(403, message);
    }

    public static OcsException notFound(String message) {
        return new OcsException(404, message);
    }

    public static OcsException badRequest(String message) {
        return new OcsException(400, message);
    }
}
