package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.auth.UserService;
import org.kiste.files.FilesService;
import org.kiste.files.Quota;
import org.kiste.model.Account;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Principal;

/**
 * The provisioning API's user records: {@code GET cloud/user} (the caller; its {@code id} is the segment of the
 * WebDAV path), {@code GET cloud/users/{id}} and {@code PUT cloud/users/{id}} ({@code key}/{@code value}: password,
 * displayname, email; quota for administrators). A user reads and edits their own record, an admin anyone's. A password change also needs
 * {@code currentpassword} (the caller's account password) and a login with the account password, not an app
 * password: else 403, as Nextcloud answers when it wants the password confirmed. Anybody else is refused with 403
 * whether or not the account exists, so the API does not tell which logins exist.
 */
public final class UserEndpoints {
    /** Nextcloud's quota sentinel for "no limit". */
    static final long UNLIMITED = -3;

    private final UserService users;
    private final FilesService files;

    public UserEndpoints(UserService users, FilesService files) {
        this.users = users;
        this.files = files;
    }

    public Object currentUser(OcsRequest r) {
        Account a = users.find(r.principal().login()).orElseThrow(OcsException::unauthorised);
        Map<String, Object> data = record(a);
        // this endpoint calls it display-name; desktop and mobile read that key, other code the usual one
        data.put("display-name", a.displayName());
        return data;
    }

    public Object user(OcsRequest r) {
        return record(target(r));
    }

    public Object edit(OcsRequest r) throws IOException {
        Account a = target(r);
        String key = r.field("key");
        String value = r.field("value");
        if (key == null) {
            throw new OcsException(400, "the field 'key' is missing");
        }
        switch (key) {
            case "password" -> {
                try {
                    users.changePassword(
                            r.principal(), r.http().getRemoteAddr(), a.login(), r.field("currentpassword"), value);
                } catch (UserService.UserException e) {
                    throw new OcsException(102, e.getMessage());
                }
            }
            case "displayname", "display" -> {
                try {
                    users.setDisplayName(r.principal().login(), a.login(), value);
                } catch (UserService.UserException e) {
                    throw new OcsException(102, e.getMessage());
                }
            }
            case "email" -> {
                try {
                    users.setEmail(r.principal().login(), a.login(), value);
                } catch (UserService.UserException e) {
                    throw new OcsException(102, e.getMessage());
                }
            }
            case "quota" -> {
                try {
                    users.setQuota(r.principal(), a.login(), AdminGate.quota(value == null ? "" : value));
                } catch (UserService.UserException e) {
                    throw new OcsException(102, e.getMessage());
                } catch (ForbiddenException e) {
                    // Nextcloud's answer for a field the caller may not change
                    throw new OcsException(103, "the field '" + key + "' cannot be changed");
                }
            }
            default -> throw new OcsException(103, "the field '" + key + "' cannot be changed");
        }
        return List.of();
    }

    /** The account named by the route, when the caller may see it. */
    private Account target(OcsRequest r) {
        Principal caller = r.principal();
        String id = r.param(0);
        if (!caller.admin() && !id.equals(caller.login())) {
            throw OcsException.forbidden("Not allowed to access this user");
        }
        return users.find(id).orElseThrow(() -> OcsException.notFound("User does not exist"));
    }

    Map<String, Object> record(Account a) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("enabled", a.enabled());
        data.put("id", a.login());
        data.put("quota", quota(a));
        data.put("email", a.email());
        data.put("displayname", a.displayName());
        data.put("groups", List.of());
        data.put("subadmin", List.of());
        data.put("language", "");
        data.put("locale", "");
        Map<String, Object> backendCapabilities = new LinkedHashMap<>();
        backendCapabilities.put("setDisplayName", true);
        backendCapabilities.put("setPassword", true);
        data.put("backendCapabilities", backendCapabilities);
        return data;
    }

    /** Nextcloud's quota block: bytes used in the home, bytes free (quota left, or disk free when unlimited). */
    private Map<String, Object> quota(Account a) {
        Quota q = files.quota(a.principal());
        long used = q.used();
        long free = q.available();
        long total = used + free;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("free", free);
        m.put("used", used);
        m.put("total", total);
        m.put("relative", total > 0 ? Math.round(used * 10000.0 / total) / 100.0 : 0.0);
        m.put("quota", q.limit() < 0 ? UNLIMITED : q.limit());
        return m;
    }
}
