package org.kiste.nextcloud.ocs;

/**
 * The two OCS API versions. They share routes and differ only in how a result's status is reported: v1 says
 * {@code 100} for success and answers HTTP 200 for everything except "unauthorised" (and a throttled login), v2 reports the HTTP status
 * itself (Nextcloud's {@code OC_API::respond} / {@code V1Response} / {@code V2Response}).
 */
public enum OcsVersion {
    V1,
    V2;

    /** {@code meta.statuscode} for a result with the given status (200 = success, else an {@link OcsStatus} code). */
    public int statusCode(int status) {
        if (this == V1) {
            return status == OcsStatus.OK ? 100 : status;
        }
        return httpStatus(status);
    }

    /** The HTTP status of the answer. */
    public int httpStatus(int status) {
        if (this == V1) {
            // a throttled login is 429 in both versions, so clients back off whatever they speak
            return status == OcsStatus.UNAUTHORISED ? 401 : status == 429 ? 429 : 200;
        }
        return switch (status) {
            case OcsStatus.UNAUTHORISED -> 401;
            case OcsStatus.NOT_FOUND -> 404;
            case OcsStatus.SERVER_ERROR, OcsStatus.UNKNOWN_ERROR -> 500;
            default -> status < 200 || status > 600 ? 400 : status;
        };
    }

    public boolean ok(int status) {
        return status == OcsStatus.OK;
    }
}
