package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.kiste.model.FilePath;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.Walk;

/**
 * Where a path of a principal's tree lies (their home, a mounted team folder or share, a link's item) and what
 * is there now, for reading. Writes find their targets under locks instead ({@link WriteLocks}).
 */
final class Places {
    private final Core core;
    private final UserTree tree;

    Places(Core core, UserTree tree) {
        this.core = core;
        this.tree = tree;
    }

    UserTree tree() {
        return tree;
    }

    /** Where a path of the user's tree lies: the home, a mounted team folder or share, or a link's item. */
    UserTree.Place place(Principal p, FilePath path) {
        if (p.isLinkVisitor()) {
            Space s = core.space(p.link().spaceId());
            if (s == null) {
                throw new NotFoundException(path.toString());
            }
            return UserTree.mounted(p.link(), path, s, 0);
        }
        return tree.place(p, path, core.home(p), core::space);
    }

    Optional<Resolved> find(Principal p, FilePath path) {
        UserTree.Place at = place(p, path);
        if (at.isTreeRoot()) {
            return Optional.of(tree.root(p, at.space()));
        }
        Space space = at.space();
        FilePath inSpace = at.inSpace();
        // the cache knows paths from a space's root; a share's paths start at the shared node
        if (!at.fromSpaceRoot()) {
            return Optional.ofNullable(core.db.read(c -> {
                Walk w = core.nodes.walk(c, at.start(), inSpace.names());
                if (w.node() == null || !w.complete(inSpace.depth())) {
                    return null;
                }
                long[] chain = liveChain(c, at, w.chain());
                return chain == null ? null : UserTree.resolved(at, w.node(), chain, path);
            }));
        }
        long generation = core.fileCache.generation(space.id());
        FileNodeCache.Entry hit = core.fileCache.get(space.id(), inSpace, generation);
        if (hit != null) {
            return Optional.of(UserTree.resolved(at, hit.node(), hit.chain(), path));
        }
        Walk w = core.db.read(c -> core.nodes.walk(c, at.start(), inSpace.names()));
        if (w.node() == null || !w.complete(inSpace.depth())) {
            return Optional.empty();
        }
        core.fileCache.put(space.id(), inSpace, generation, w.node(), w.chain());
        Resolved found = UserTree.resolved(at, w.node(), at.chain(w.chain()), path);
        // a folder of the home with received shares kept below it shows their changes in its etag
        return Optional.of(at.mount() == null && !p.isLinkVisitor() ? tree.covering(p, space, found) : found);
    }

    Resolved resolve(Principal p, FilePath path) {
        return find(p, path).orElseThrow(() -> new NotFoundException(path.toString()));
    }

    /** The space a resolved node lies in. */
    Space spaceOf(Principal p, Resolved r) {
        return r.mount() == null ? core.home(p) : core.space(r.node().spaceId());
    }

    /**
     * The full chain of a walk from {@code at}'s start, read in the caller's transaction: a shared item's place
     * among its owner's folders can change at any time (MOVE), and changes must be journaled to its current
     * ancestors. Null when the shared item is no longer live (in a trash).
     */
    long[] liveChain(Connection c, UserTree.Place at, long[] walked) throws SQLException {
        if (!at.rootedAtItem()) {
            return at.chain(walked);
        }
        long root = at.mount().rootNodeId();
        long[] chain = core.nodes.liveChains(c, List.of(root)).get(root);
        if (chain == null) {
            return null;
        }
        return UserTree.join(at.mount().file() ? Arrays.copyOf(chain, chain.length - 1) : chain, walked);
    }
}
