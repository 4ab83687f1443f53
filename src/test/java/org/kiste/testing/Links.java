package org.kiste.testing;

import java.time.LocalDate;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.ShareType;
import org.kiste.share.ShareRequest;
import org.kiste.share.ShareService;
import org.kiste.share.ShareUpdate;

/** Public links for tests, made through the sharing core as the owner would. */
public final class Links {
    /** Nextcloud's link permission bits: read, read-write, upload-only. */
    public static final int READ = 1;

    public static final int READ_WRITE = 15;
    public static final int DROP = 4;

    private final TestServer ts;

    public Links(TestServer ts) {
        this.ts = ts;
    }

    public Principal principal(String login) {
        return ts.users().find(login).orElseThrow().principal();
    }

    public ShareService shares() {
        return ts.backend.shares();
    }

    /** A link to {@code path} (decoded, in the owner's tree) with these bits, and a password (or null). */
    public Share create(String owner, String path, int bits, String password) {
        return shares().create(
                        principal(owner),
                        new ShareRequest(
                                FilePath.parse(path), ShareType.LINK, null, bits, password, null, null, null, null));
    }

    public Share hideDownload(String owner, Share link) {
        return shares().update(principal(owner), link.id(), new ShareUpdate(null, null, null, null, null, null, true));
    }

    public Share note(String owner, Share link, String label, String note) {
        return shares().update(principal(owner), link.id(), new ShareUpdate(null, null, null, label, note, null, null));
    }

    public void revoke(String owner, Share link) {
        shares().delete(principal(owner), link.id());
    }

    /** Lets the link's expiry date pass (as if the day after it had come). */
    public void expire(Share link) {
        ts.backend.database().tx(c -> {
            try (var ps = c.prepareStatement("UPDATE share SET expires_on = ? WHERE id = ?")) {
                ps.setObject(1, LocalDate.now(java.time.ZoneOffset.UTC).minusDays(2));
                ps.setLong(2, link.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The expiry date set again to a day to come. */
    public void extend(Share link) {
        ts.backend.database().tx(c -> {
            try (var ps = c.prepareStatement("UPDATE share SET expires_on = ? WHERE id = ?")) {
                ps.setObject(1, LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3));
                ps.setLong(2, link.id());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
