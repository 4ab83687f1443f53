package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.ShareType;
import org.kiste.share.ShareRequest;
import org.kiste.share.ShareService;
import org.kiste.share.ShareUpdate;

/**
 * The sharing API ({@code apps/files_sharing/api/v1/shares}): list, get, create, update and delete shares. Form
 * or JSON bodies; refusals keep Nextcloud's codes: 400 a wrong parameter, 403 not allowed, 404 no such path or
 * share (in v1 as the envelope's status code with HTTP 200).
 */
public final class ShareEndpoints {
    private final ShareService shares;
    private final FilesService files;
    private final PublicBase base;

    ShareEndpoints(ShareService shares, FilesService files, PublicBase base) {
        this.shares = shares;
        this.files = files;
        this.base = base;
    }

    public Object list(OcsRequest r) throws IOException {
        Principal p = r.principal();
        if (flag(r.field("shared_with_me"))) {
            List<Object> out = new ArrayList<>();
            for (Share s : shares.sharedWithMe(p)) {
                out.add(object(r, p, s));
            }
            return out;
        }
        String path = r.field("path");
        FilePath at = path == null || path.isEmpty() ? null : path(path);
        boolean reshares = flag(r.field("reshares"));
        boolean subfiles = flag(r.field("subfiles"));
        List<Object> out = new ArrayList<>();
        for (Share s : shares.mine(p, at, reshares, subfiles)) {
            out.add(object(r, p, s));
        }
        return out;
    }

    public Object get(OcsRequest r) {
        Principal p = r.principal();
        long id = id(r);
        return List.of(object(r, p, shares.get(p, id)));
    }

    public Object create(OcsRequest r) throws IOException {
        Principal p = r.principal();
        String path = r.field("path");
        if (path == null || path.isEmpty()) {
            throw OcsException.notFound("Please specify a file or folder path");
        }
        ShareType type;
        try {
            type = ShareType.of(Integer.parseInt(required(r, "shareType")));
        } catch (IllegalArgumentException e) {
            throw OcsException.badRequest("Unknown share type");
        }
        String shareWith = r.field("shareWith");
        if (type != ShareType.LINK && (shareWith == null || shareWith.isEmpty())) {
            throw OcsException.notFound(
                    type == ShareType.USER ? "Please specify a valid user" : "Please specify a valid group");
        }
        Integer permissions = integer(r.field("permissions"));
        String expire = r.field("expireDate");
        LocalDate expires = expire == null || expire.isEmpty() ? null : date(expire);
        String upload = r.field("publicUpload");
        ShareRequest req = new ShareRequest(
                path(path),
                type,
                shareWith,
                permissions,
                r.field("password"),
                expires,
                upload == null ? null : flag(upload),
                r.field("label"),
                r.field("note"));
        return object(r, p, shares.create(p, req));
    }

    public Object update(OcsRequest r) throws IOException {
        Principal p = r.principal();
        long id = id(r);
        String expire = r.field("expireDate");
        Optional<LocalDate> expires =
                expire == null ? null : expire.isEmpty() ? Optional.empty() : Optional.of(date(expire));
        String upload = r.field("publicUpload");
        String hide = r.field("hideDownload") != null ? r.field("hideDownload") : r.field("hide_download");
        ShareUpdate u = new ShareUpdate(
                integer(r.field("permissions")),
                r.field("password"),
                expires,
                r.field("label"),
                r.field("note"),
                upload == null ? null : flag(upload),
                hide == null ? null : flag(hide));
        return object(r, p, shares.update(p, id, u));
    }

    public Object delete(OcsRequest r) {
        Principal p = r.principal();
        long id = id(r);
        shares.delete(p, id);
        return List.of();
    }

    private Map<String, Object> object(OcsRequest r, Principal p, Share s) {
        Resolved item;
        if (s.ownerUserId() == p.userId()) {
            item = files.locate(p, s.nodeId()).orElse(null);
        } else {
            Optional<MountInfo> m = shares.mountOf(p, s);
            item = m.flatMap(mi -> files.find(p, mi.point())).orElse(null);
            if (item == null) {
                item = files.locate(p, s.nodeId()).orElse(null);
            }
        }
        return ShareObjects.of(s, p, item, base.of(r.http()));
    }

    private static long id(OcsRequest r) {
        try {
            return Long.parseLong(r.param(0));
        } catch (NumberFormatException e) {
            throw OcsException.notFound("Wrong share ID, share does not exist");
        }
    }

    private static FilePath path(String raw) {
        try {
            return FilePath.parse(raw);
        } catch (RuntimeException e) {
            throw OcsException.notFound("Wrong path, file/folder does not exist");
        }
    }

    private static String required(OcsRequest r, String name) throws IOException {
        String v = r.field(name);
        if (v == null || v.isEmpty()) {
            throw OcsException.badRequest("the field '" + name + "' is missing");
        }
        return v;
    }

    private static Integer integer(String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw OcsException.badRequest("Invalid permissions");
        }
    }

    /** {@code YYYY-MM-DD}, also with a time after it ({@code YYYY-MM-DD 00:00:00}, ISO), which is ignored. */
    private static LocalDate date(String v) {
        String d = v.trim();
        if (d.length() > 10 && (d.charAt(10) == ' ' || d.charAt(10) == 'T')) {
            d = d.substring(0, 10);
        }
        try {
            return LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw OcsException.badRequest("Invalid date, date format must be YYYY-MM-DD");
        }
    }

    static boolean flag(String v) {
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("1") || s.equals("yes");
    }
}
