package org.kiste.files;

import java.util.List;
import java.util.Objects;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.DeadProperty;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;

/**
 * PROPPATCH: dead properties set and removed atomically (all or none, RFC 4918 §9.2), and the client-visible
 * modification time when given (never the etag: property changes are metadata).
 */
final class PropertyWrites {
    private final Core core;
    private final Places places;

    PropertyWrites(Core core, Places places) {
        this.core = core;
        this.places = places;
    }

    /**
     * @param ownerMayOmitToken the lock owner may change these properties without submitting the token (Windows
     *                          sends its Win32 time properties that way)
     */
    void run(
            Principal p,
            Resolved target,
            List<PropPatch> ops,
            Long mtime,
            Precondition pre,
            boolean ownerMayOmitToken) {
        target.perms().require(Perms.WRITE, "change properties");
        Space space = places.spaceOf(p, target);
        core.write(space, c -> {
            Node current = core.nodeLocks.lockNode(c, target.id());
            if (current == null) {
                throw new NotFoundException(target.path().toString());
            }
            if (!Objects.equals(current.parentId(), target.node().parentId())) {
                throw new ConflictException(target.path() + " was moved meanwhile");
            }
            pre.check(current);
            List<DavLock> active = core.lockRules.active(c, space.id());
            if (ownerMayOmitToken) {
                core.lockRules.requireOwned(active, target.chain(), p);
            } else {
                core.lockRules.requireUnlocked(c, active, target.chain(), false, p, pre.lockTokens());
            }
            for (PropPatch op : ops) {
                if (op.isRemove()) {
                    core.props.remove(c, target.id(), op.namespace(), op.localName());
                } else {
                    core.props.set(c, target.id(), new DeadProperty(op.namespace(), op.localName(), op.valueXml()));
                }
            }
            if (mtime != null) {
                core.nodes.setMtime(c, target.id(), mtime);
            }
            return null;
        });
    }
}
