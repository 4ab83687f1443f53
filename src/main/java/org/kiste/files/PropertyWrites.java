package org.kiste.files;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.DeadProperty;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;

/**
 * PROPPATCH: dead properties set and removed atomically (all or none, RFC 4918 §9.2), and the client-visible
 * modification time when given (never the etag: property changes are metadata). What a resource's dead
 * properties hold after the change stays within {@link PropertyLimits}, and the bytes they add must fit the
 * space's quota ({@link QuotaRule}), else 507 and nothing changes; the space counts them ({@link PropertyBytes}).
 */
final class PropertyWrites {
    private final Core core;
    private final Places places;
    private final PropertyLimits limits;
    private final WriteLocks locks;

    PropertyWrites(Core core, Places places, PropertyLimits limits, WriteLocks locks) {
        this.core = core;
        this.places = places;
        this.limits = limits;
        this.locks = locks;
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
            // the folders above held shared (nobody trashes or moves the subtree while its count changes), then
            // the resource locked: two PROPPATCHes of one resource follow each other
            Long parent = target.node().parentId();
            if (parent != null) {
                locks.holdLive(c, parent);
            }
            Node current = core.nodeLocks.lockNode(c, target.id());
            if (current == null) {
                throw new NotFoundException(target.path().toString());
            }
            if (!Objects.equals(current.parentId(), parent) || current.spaceId() != space.id()) {
                throw new ConflictException(target.path() + " was moved meanwhile");
            }
            pre.check(current);
            List<DavLock> active = core.lockRules.active(c, space.id());
            if (ownerMayOmitToken) {
                core.lockRules.requireOwned(active, target.chain(), p);
            } else {
                core.lockRules.requireUnlocked(c, active, target.chain(), false, p, pre.lockTokens());
            }
            long added = checkLimits(c, target.id(), ops);
            // RFC 4918 §9.2.1: 507 when the server cannot record the property; counted like file bytes
            core.quota.requireDiskRoom(added);
            core.quota.require(c, space, added);
            core.propBytes.add(c, space.id(), added);
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

    /** The bytes the node's dead properties grow by; 507 when the result would pass a limit. */
    private long checkLimits(Connection c, long nodeId, List<PropPatch> ops) throws SQLException {
        Map<String, Long> sizes = new HashMap<>();
        for (DeadProperty d : core.props.forNodes(c, List.of(nodeId)).getOrDefault(nodeId, List.of())) {
            sizes.put(key(d.namespace(), d.localName()), size(d.namespace(), d.localName(), d.valueXml()));
        }
        long before = sum(sizes);
        int countBefore = sizes.size();
        for (PropPatch op : ops) {
            String k = key(op.namespace(), op.localName());
            if (op.isRemove()) {
                sizes.remove(k);
                continue;
            }
            if (bytes(op.valueXml()) > limits.maxValueBytes()) {
                throw new InsufficientStorageException(
                        "a property value may have at most " + limits.maxValueBytes() + " bytes", false);
            }
            sizes.put(k, size(op.namespace(), op.localName(), op.valueXml()));
        }
        if (sizes.size() > limits.maxCount() && sizes.size() > countBefore) {
            throw new InsufficientStorageException(
                    "a resource may have at most " + limits.maxCount() + " properties", false);
        }
        long after = sum(sizes);
        if (after > limits.maxTotalBytes() && after > before) {
            throw new InsufficientStorageException(
                    "a resource's properties may have at most " + limits.maxTotalBytes() + " bytes", false);
        }
        return after - before;
    }

    private static String key(String namespace, String localName) {
        return "{" + namespace + "}" + localName;
    }

    private static long size(String namespace, String localName, String value) {
        return bytes(namespace) + bytes(localName) + bytes(value);
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long sum(Map<String, Long> sizes) {
        long total = 0;
        for (long v : sizes.values()) {
            total += v;
        }
        return total;
    }
}
