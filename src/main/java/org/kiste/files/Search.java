package org.kiste.files;

import java.util.ArrayList;
import java.util.List;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.SearchQuery;
import org.kiste.store.NodeSearch;
import org.kiste.store.SpaceRepository.Space;

/**
 * Searches a user's tree, with the team folders and shares mounted in it when the search starts at its root; the
 * door gives each hit the permissions of where it lies ({@link FilesService#placed}).
 */
public final class Search {
    private final Core core;
    private final Places places;
    private final NodeSearch search;

    Search(Core core, Places places, NodeSearch search) {
        this.core = core;
        this.places = places;
        this.search = search;
    }

    public List<Located> run(Principal p, SearchQuery q) {
        Resolved scope = places.resolve(p, q.scope());
        if (!scope.isFolder()) {
            throw new BadRequestException("the search scope is not a folder");
        }
        scope.perms().require(Perms.READ, "search here");
        // the user's folders also hold their team folders and received shares
        List<NodeSearch.Mounted> mounted = new ArrayList<>();
        if (scope.mount() == null && !p.isLinkVisitor()) {
            Space home = core.home(p);
            long homeRoot = home.rootNodeId();
            for (MountInfo m : places.tree().mounts(p, home)) {
                FilePath point = m.point();
                if (!point.isWithin(scope.path()) || point.equals(scope.path())) {
                    continue;
                }
                if (!m.perms().can(Perms.READ)) {
                    continue; // what may not be read is not searched either
                }
                FilePath below = point.dropFirst(scope.path().depth());
                mounted.add(new NodeSearch.Mounted(
                        m.rootNodeId(),
                        String.join("/", below.names()),
                        below.depth(),
                        m.nested() ? m.folderNodeId() : homeRoot,
                        m.name()));
            }
        }
        List<NodeSearch.Hit> hits = core.db.read(c -> search.run(c, scope.id(), mounted, p.userId(), q));
        List<Located> out = new ArrayList<>(hits.size());
        for (NodeSearch.Hit h : hits) {
            FilePath path = scope.path();
            for (String name : h.names()) {
                path = path.child(name);
            }
            out.add(new Located(h.node(), path));
        }
        return out;
    }
}
