package org.kiste.share;

import java.util.Optional;
import org.kiste.auth.PasswordHasher;
import org.kiste.files.FilesService;
import org.kiste.model.MountInfo;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.SharePermissions;
import org.kiste.model.ShareType;
import org.kiste.store.Database;
import org.kiste.store.ShareRepository;

/**
 * Public links as their visitors meet them: the live link of a token (not expired, not revoked, its item not in a
 * trash), its password, and the files core's principal of a visitor.
 */
public final class PublicLinks {
    private final Database db;
    private final FilesService files;
    private final ShareRepository shares = new ShareRepository();
    private final PasswordHasher hasher = new PasswordHasher();

    public PublicLinks(Database db, FilesService files) {
        this.db = db;
        this.files = files;
    }

    /**
     * The live link with this token: not expired, not revoked, its owner's account enabled, its item not in a
     * trash.
     */
    public Optional<Share> findLink(String token) {
        if (token == null
                || token.length() < LinkTokens.LENGTH
                || token.length() > 32
                || !token.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch))) {
            return Optional.empty();
        }
        Share s = db.read(c -> shares.byToken(c, token));
        if (s == null
                || s.expired(ShareService.today())
                || files.liveChain(s.nodeId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** True when the link has no password or {@code password} is it. */
    public boolean passwordMatches(Share link, String password) {
        if (!link.hasPassword()) {
            return true;
        }
        return password != null && hasher.verify(password, link.passwordHash());
    }

    /**
     * The files core's principal for a visitor of a live link: their whole tree is the linked item, where they may
     * do what the link's bits allow (read; a folder link also update/create/delete; an upload-only drop create
     * only). Empty when the item is no longer live.
     */
    public Optional<Principal> linkVisitor(Share link) {
        if (link.type() != ShareType.LINK) {
            throw new IllegalArgumentException("not a link");
        }
        return files.liveChain(link.nodeId()).map(chain -> {
            Perms perms = SharePermissions.toPerms(link.permissions() & ~SharePermissions.SHARE);
            MountInfo m = new MountInfo(
                    MountInfo.Kind.LINK,
                    link.spaceId(),
                    "",
                    link.nodeId(),
                    perms,
                    chain,
                    !link.folder(),
                    null,
                    link.id(),
                    link.ownerLogin(),
                    link.ownerDisplayName());
            if (!link.folder()) {
                String name = files.nodeName(link.nodeId()).orElse("");
                m = new MountInfo(
                        MountInfo.Kind.LINK,
                        link.spaceId(),
                        name,
                        link.nodeId(),
                        perms,
                        chain,
                        true,
                        name,
                        link.id(),
                        link.ownerLogin(),
                        link.ownerDisplayName());
            }
            return FilesService.linkVisitor(m);
        });
    }
}
