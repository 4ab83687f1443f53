package org.kiste.files;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kiste.model.Account;
import org.kiste.model.DavLock;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.UserRepository;

/**
 * The locks accounts hold where a grant has just gone (a user or group share revoked, with the reshares made from
 * it): each is released unless its holder can still write the locked resource another way (another share of it or of a folder above it, a group's
 * share, a team folder, their own home). A lock says "I am the one writer here"; a user who still may write keeps
 * being that writer, and one who may not can no longer use the lock, which would only stand in everyone else's way.
 *
 * <p>It is decided after the revocation has committed, by the one resolution that decides every access
 * ({@link Reads#locate}), so it sees the grants as they are now: two revocations racing each decide after their
 * own commit, and the later one sees both gone. A crash between the revocation and this leaves the locks until
 * they time out; the owner can release them meanwhile.
 */
final class LostGrants {
    private final Core core;
    private final Reads reads;
    private final UserRepository users = new UserRepository();

    LostGrants(Core core, Reads reads) {
        this.core = core;
        this.reads = reads;
    }

    /** Releases the locks on {@code nodeId} and below whose holders can no longer write them; returns how many. */
    int release(long nodeId) {
        List<DavLock> held = core.db.read(c -> {
            Node n = core.nodes.byId(c, nodeId);
            return n == null ? List.<DavLock>of() : core.lockRows.heldByAccountsWithin(c, n.spaceId(), nodeId);
        });
        Map<Long, Optional<Principal>> holders = new HashMap<>();
        int released = 0;
        for (DavLock l : held) {
            Optional<Principal> holder = holders.computeIfAbsent(
                    l.principalId(),
                    id -> core.db.read(c -> {
                        Account a = users.byId(c, id);
                        return Optional.ofNullable(a == null ? null : a.principal());
                    }));
            Optional<Resolved> still = holder.flatMap(h -> reads.locate(h, l.nodeId()));
            if (still.isPresent() && still.get().perms().can(Perms.WRITE)) {
                continue;
            }
            if (core.db.tx(c -> core.lockRows.delete(c, l.token()))) {
                released++;
            }
        }
        return released;
    }
}
