package org.kiste.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kiste.model.FilePath;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.FavoriteRepository;
import org.kiste.store.SpaceRepository.Space;

/**
 * Favourites: a per-user mark on a file or folder ({@code oc:favorite}). Marking needs only read access, since
 * it changes nothing others see; the mark follows the node through renames and moves.
 */
public final class Favorites {
    private final Core core;
    private final FavoriteRepository rows;

    Favorites(Core core, FavoriteRepository rows) {
        this.core = core;
        this.rows = rows;
    }

    public void set(Principal p, Resolved target, boolean favorite) {
        target.perms().require(Perms.READ, "mark this as a favourite");
        core.db.tx(c -> {
            rows.set(c, p.userId(), target.id(), favorite);
            return null;
        });
    }

    public Set<Long> ids(Principal p) {
        return core.db.read(c -> rows.ids(c, p.userId()));
    }

    /** The user's favourites at or below {@code scope}, in path order; trashed ones are left out. */
    public List<Located> list(Principal p, FilePath scope) {
        Space space = core.home(p);
        List<FavoriteRepository.Found> found = core.db.read(c -> rows.under(c, p.userId(), space.rootNodeId()));
        List<Located> out = new ArrayList<>(found.size());
        for (FavoriteRepository.Found f : found) {
            FilePath path = FilePath.of(f.names());
            if (path.isWithin(scope) || scope.isRoot()) {
                out.add(new Located(f.node(), path));
            }
        }
        return out;
    }
}
