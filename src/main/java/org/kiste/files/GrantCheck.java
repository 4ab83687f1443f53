package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import org.kiste.model.ForbiddenException;
import org.kiste.model.MountInfo;
import org.kiste.model.Role;
import org.kiste.model.SharePermissions;
import org.kiste.store.GrantRepository;

/**
 * A write through a mount (a received share, a team folder, a link) decides on the grant as it is at the write's
 * own transaction, not as it was when the request began: an upload that streams for minutes while its share is
 * revoked, narrowed, or its user leaves the group, must not land. The rows that grant the access are held shared
 * until the write commits, so a revocation comes entirely before or entirely after it. A write whose grant no
 * longer gives all it gave when the request began is refused (403); the next request sees the grant as it is.
 */
final class GrantCheck {
    private final GrantRepository grants = new GrantRepository();

    void confirm(Connection c, UserTree.Place at) throws SQLException {
        MountInfo m = at.mount();
        if (m == null) {
            return; // the user's home: nothing to revoke
        }
        int planned = m.perms().bits();
        int now = switch (m.kind()) {
            case LINK -> {
                int bits = grants.linkBits(c, m.shareId());
                yield bits < 0
                        ? 0
                        : SharePermissions.toPerms(bits & ~SharePermissions.SHARE)
                                .bits();
            }
            case SHARED -> {
                int bits = grants.receivedBits(c, at.userId(), m.rootNodeId());
                yield bits < 0 ? 0 : SharePermissions.toPerms(bits).bits();
            }
            case GROUP -> {
                int role = grants.teamRole(c, at.userId(), m.spaceId());
                yield role == 0 ? 0 : Role.of(role).perms().bits();
            }
        };
        if ((now & planned) != planned) {
            throw new ForbiddenException(
                    now == 0 ? "access to this item has been withdrawn" : "access to this item has been narrowed");
        }
    }
}
