package org.kiste.nextcloud.ocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.nextcloud.ServerVersion;
import org.kiste.nextcloud.bulk.BulkOffer;

/**
 * {@code GET cloud/capabilities}: the server version and what Kiste implements. Only features whose endpoints
 * work are listed (clients call feature endpoints because a capability says they exist); Android treats some keys
 * as mandatory once their parent object is present ({@code core.pollinterval}, {@code files.bigfilechunking}), and
 * those are always sent. Only bulk upload depends on the client (its User-Agent, see {@link BulkOffer}); anonymous
 * callers get the same document.
 */
public final class Capabilities implements OcsEndpoint {
    private final Map<String, Object> data;
    private final Map<String, Object> withBulk;
    private final BulkOffer bulk;

    /** Capabilities offering bulk upload to the clients {@code bulk} names. */
    public Capabilities(BulkOffer bulk) {
        this.bulk = bulk;
        Map<String, Object> core = new LinkedHashMap<>();
        core.put("pollinterval", 60);
        core.put("webdav-root", "remote.php/webdav");
        core.put("mod-rewrite-working", false);

        Map<String, Object> dav = new LinkedHashMap<>();
        dav.put("chunking", "1.0");

        Map<String, Object> files = new LinkedHashMap<>();
        // the old ownCloud chunking (OC-Chunked) is not offered; the key stays, the Android app expects it
        files.put("bigfilechunking", false);
        files.put("blacklisted_files", List.of(".htaccess"));
        files.put("undelete", true);
        files.put("versioning", true);
        files.put("version_labeling", true);
        files.put("version_deletion", true);

        Map<String, Object> checksums = new LinkedHashMap<>();
        checksums.put("supportedTypes", List.of("SHA1", "MD5", "SHA256"));
        checksums.put("preferredUploadType", "SHA1");

        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("files_sharing", filesSharing());
        caps.put("core", core);
        caps.put("dav", dav);
        caps.put("files", files);
        caps.put("checksums", checksums);

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", ServerVersion.capabilityBlock());
        d.put("capabilities", caps);
        this.data = d;
        // POST /remote.php/dav/bulk (nextcloud.bulk.BulkUpload), offered by the client's User-Agent (BulkOffer)
        Map<String, Object> bulkDav = new LinkedHashMap<>(dav);
        bulkDav.put("bulkupload", "1.0");
        Map<String, Object> bulkCaps = new LinkedHashMap<>(caps);
        bulkCaps.put("dav", bulkDav);
        Map<String, Object> b = new LinkedHashMap<>(d);
        b.put("capabilities", bulkCaps);
        this.withBulk = b;
    }

    /**
     * Sharing: user and group shares with resharing, public links (optional password, upload and upload-only drop,
     * several per item), no expiry policy, no mail, no federation. Android requires {@code resharing},
     * {@code public.enabled}, {@code password.enforced}, {@code expire_date.enabled}, {@code user.send_mail} and both
     * federation flags once their parents are present.
     */
    private static Map<String, Object> filesSharing() {
        Map<String, Object> password = new LinkedHashMap<>();
        password.put("enforced", false);
        password.put("askForOptionalPassword", false);
        Map<String, Object> publicLinks = new LinkedHashMap<>();
        publicLinks.put("enabled", true);
        publicLinks.put("password", password);
        publicLinks.put("expire_date", Map.of("enabled", false));
        publicLinks.put("multiple_links", true);
        publicLinks.put("upload", true);
        publicLinks.put("supports_upload_only", true);
        publicLinks.put("send_mail", false);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("send_mail", false);
        user.put("expire_date", Map.of("enabled", false));
        Map<String, Object> federation = new LinkedHashMap<>();
        federation.put("outgoing", false);
        federation.put("incoming", false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("api_enabled", true);
        m.put("resharing", true);
        m.put("public", publicLinks);
        m.put("user", user);
        m.put("group_sharing", true);
        m.put("group", Map.of("enabled", true));
        m.put("federation", federation);
        m.put("default_permissions", 31);
        return m;
    }

    @Override
    public Object handle(OcsRequest request) {
        return bulk.offeredTo(request.userAgent()) ? withBulk : data;
    }
}
