package org.kiste.nextcloud.ocs;

import org.kiste.auth.UserService;
import org.kiste.groups.GroupException;
import org.kiste.model.Principal;
import org.kiste.model.Refusal;
import org.kiste.teamfolders.TeamFolderException;

/**
 * The door of the administration endpoints: only an administrator passes (anyone else gets 403, as Nextcloud's
 * provisioning API answers), and a service's refusal becomes 400, 404 or 409 with the service's message.
 */
final class AdminGate {
    private AdminGate() {}

    /** Wraps an endpoint so that it runs only for administrators and answers refusals with their status. */
    static OcsEndpoint admin(OcsEndpoint endpoint) {
        return r -> {
            Principal p = r.principal();
            if (!p.admin() || p.isLinkVisitor()) {
                throw OcsException.forbidden("Logged in account must be an administrator");
            }
            try {
                return endpoint.handle(r);
            } catch (UserService.UserException e) {
                throw refused(e.refusal(), e.getMessage());
            } catch (GroupException e) {
                throw refused(e.refusal(), e.getMessage());
            } catch (TeamFolderException e) {
                throw refused(e.refusal(), e.getMessage());
            }
        };
    }

    /** The actor the audit trail names for a change made through the API: the administrator's login. */
    static String actor(OcsRequest r) {
        return r.principal().login();
    }

    static OcsException refused(Refusal refusal, String message) {
        return new OcsException(refusal.httpStatus, message);
    }

    /** A required field: 400 when it is missing or empty. */
    static String required(OcsRequest r, String name) throws java.io.IOException {
        String v = r.field(name);
        if (v == null || v.isEmpty()) {
            throw OcsException.badRequest("the field '" + name + "' is missing");
        }
        return v;
    }

    /** An optional whole number in {@code [min, max]}, else {@code fallback}; 400 when it is not one. */
    static int number(OcsRequest r, String name, int fallback, int min, int max) throws java.io.IOException {
        String v = r.field(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw OcsException.badRequest("'" + name + "' must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw OcsException.badRequest("'" + name + "' must be a whole number");
        }
    }

    /** A quota as the command line takes it (500M, 10G, none); 400 with the reason when it is not one. */
    static long quota(String value) {
        try {
            return org.kiste.config.Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw OcsException.badRequest(e.getMessage());
        }
    }
}
