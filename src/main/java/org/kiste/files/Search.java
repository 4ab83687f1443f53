package org.kiste.files;

import java.util.ArrayList;
import java.util.List;
import org.kiste.store.NodeSearch;

/** Searches a user's own tree; hits carry the acting user's permissions like any listing. */
public final class Search {
    private final FilesService files;
    private final NodeSearch search;

    Search(FilesService files, NodeSearch search) {
        this.files = files;
        this.search = search;
    }

    public List<Located> run(Principal p, SearchQuery q) {
        Resolved scope = files.resolve(p, q.scope());
        if (!scope.isFolder()) {
            throw new BadRequestException("the search scope is not a folder");
        }
        scope.perms().require(Perms.READ, "search here");
        List<NodeSearch.Hit> hits = files.database().read(c -> search.run(c, scope.id(), p.userId(), q));
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
