package org.kiste.files;

import java.util.List;
import java.util.Optional;
import org.kiste.model.DavLock;
import org.kiste.model.Perms;
import org.kiste.model.Principal;

/**
 * The locks a user holds where a grant has just gone (a user or group share revoked): each is released unless the
 * user can still write the locked resource another way (another share of it or of a folder above it, a group's
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

    LostGrants(Core core, Reads reads) {
        this.core = core;
        this.reads = reads;
    }

    /** Releases {@code holder}'s locks on {@code nodeId} and below that they can no longer write; returns how many. */
    int release(Principal holder, long nodeId) {
        List<DavLock> held = core.db.read(c -> core.lockRows.heldWithin(c, holder.userId(), nodeId));
        int released = 0;
        for (DavLock l : held) {
            Optional<Resolved> still = reads.locate(holder, l.nodeId());
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
