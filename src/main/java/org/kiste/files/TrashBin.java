package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kiste.blob.BlobReader;
import org.kiste.model.BadRequestException;
import org.kiste.model.ConflictException;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.ChangeJournal;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.TrashPurge;
import org.kiste.store.TrashRepository;
import org.kiste.store.Walk;

/**
 * A user's trash bin, as Nextcloud shows it: what was deleted in their home; in the team folders where they may
 * delete (what any member deleted there); and in the folders shared with them (what they deleted there themselves;
 * it is in the owner's trash bin too). Items stay until the housekeeping purges them. They can be listed (with where
 * they were and when they went), read, restored to where they were (or to the top of their space or share when that
 * folder is gone; under {@code name (restored)} when the name is taken) and deleted for good.
 */
public final class TrashBin {
    /** Items listed at most (the oldest beyond are purged in time anyway). */
    static final int MAX_ITEMS = 10_000;

    private static final int MAX_NAME_TRIES = 100;

    /**
     * One deleted item.
     *
     * @param key              its name in the trash bin: the original name and the deletion time in seconds, as
     *                         Nextcloud names them ({@code report.odt.d1700000000}), with the node id when two would
     *                         be named alike
     * @param originalLocation where it was, in the user's tree (its folder's path today, or the top when gone)
     */
    public record Item(String key, Node node, String originalName, FilePath originalLocation, long deletedAtMillis) {}

    /**
     * A part of a space whose trash the user sees: the whole space (home, team folder) or a share's folder, where
     * that part lies in the user's tree, whose deletions count ({@code deletedBy} 0: everyone's), and whether the
     * user may put items back there.
     */
    private record Bin(Space space, long rootId, FilePath at, long deletedBy, boolean mayRestore) {
        /** The index of the bin's root in a chain from the space's root, or -1 when the chain does not pass it. */
        int indexIn(long[] chain) {
            if (chain == null || chain[0] != space.rootNodeId()) {
                return -1;
            }
            for (int i = 0; i < chain.length; i++) {
                if (chain[i] == rootId) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A trash row with the bin it is listed in and where it was. */
    private record Found(TrashRepository.Trashed row, Bin bin, FilePath folder) {}

    private final Core core;
    private final Places places;
    private final TrashRepository trash;
    private final TrashPurge purge;

    TrashBin(Core core, Places places) {
        this.core = core;
        this.places = places;
        this.trash = core.trash;
        this.purge = new TrashPurge(core.db, Duration.ZERO);
    }

    /** The user's deleted items, newest first. */
    public List<Item> list(Principal p) {
        List<Item> out = new ArrayList<>();
        for (Listed l : found(p)) {
            out.add(l.item());
        }
        return out;
    }

    /** Listed items with their bins (an item listed under two bins counts once, under the first). */
    private record Listed(Item item, Bin bin) {}

    private List<Listed> found(Principal p) {
        List<Bin> bins = bins(p);
        List<Found> rows = core.db.read(c -> {
            List<Found> out = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (Bin b : bins) {
                for (Found f : inBin(c, b)) {
                    if (seen.add(f.row().node().id())) {
                        out.add(f);
                    }
                }
            }
            return out;
        });
        Map<String, Integer> keys = new HashMap<>();
        for (Found f : rows) {
            keys.merge(baseKey(f.row()), 1, Integer::sum);
        }
        List<Listed> out = new ArrayList<>(rows.size());
        for (Found f : rows) {
            TrashRepository.Trashed t = f.row();
            String key = keys.get(baseKey(t)) > 1 ? baseKey(t) + "-" + t.node().id() : baseKey(t);
            out.add(new Listed(
                    new Item(key, t.node(), t.origName(), f.folder().child(t.origName()), t.deletedAtMillis()),
                    f.bin()));
        }
        out.sort((a, b) -> Long.compare(b.item().deletedAtMillis(), a.item().deletedAtMillis()));
        return out;
    }

    /** The user's home, each team folder they may delete in, and each folder shared with them with delete rights. */
    private List<Bin> bins(Principal p) {
        List<Bin> out = new ArrayList<>();
        Space home = core.home(p);
        out.add(new Bin(home, home.rootNodeId(), FilePath.ROOT, 0, true));
        for (MountInfo m : places.tree().mounts(p, home)) {
            if (!m.perms().can(Perms.DELETE) || m.file()) {
                continue;
            }
            Space s = core.space(m.spaceId());
            if (s == null) {
                continue;
            }
            if (m.kind() == MountInfo.Kind.GROUP) {
                out.add(new Bin(s, s.rootNodeId(), m.point(), 0, true));
            } else if (m.kind() == MountInfo.Kind.SHARED) {
                out.add(new Bin(
                        s, m.rootNodeId(), m.point(), p.userId(), m.perms().can(Perms.CREATE)));
            }
        }
        return out;
    }

    /**
     * The bin's rows with where they were: in a whole space an item whose folder is gone shows at the space's top;
     * in a share only items whose folder still lies in the share are shown (the owner's bin has the others).
     */
    private List<Found> inBin(Connection c, Bin bin) throws SQLException {
        List<TrashRepository.Trashed> rows = trash.list(c, bin.space().id(), bin.deletedBy(), MAX_ITEMS);
        Set<Long> parents = new HashSet<>();
        for (TrashRepository.Trashed t : rows) {
            parents.add(t.origParentId());
        }
        Map<Long, long[]> chains = core.nodes.liveChains(c, parents);
        List<Found> out = new ArrayList<>();
        Map<Long, FilePath> paths = new HashMap<>();
        for (TrashRepository.Trashed t : rows) {
            long[] chain = chains.get(t.origParentId());
            int at = bin.indexIn(chain);
            FilePath folder;
            if (at >= 0) {
                folder = paths.get(t.origParentId());
                if (folder == null) {
                    folder = pathOf(c, chain, at, bin.at());
                    paths.put(t.origParentId(), folder);
                }
            } else if (bin.rootId() == bin.space().rootNodeId()) {
                folder = bin.at();
            } else {
                continue;
            }
            out.add(new Found(t, bin, folder));
        }
        return out;
    }

    private Listed listed(Principal p, String key) {
        for (Listed l : found(p)) {
            if (l.item().key().equals(key)) {
                return l;
            }
        }
        throw new NotFoundException(key);
    }

    /** The item of that key, if it is still in the trash bin. */
    public Optional<Item> find(Principal p, String key) {
        for (Item i : list(p)) {
            if (i.key().equals(key)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** A node inside a deleted folder, by its path below the item (the item itself for the root path). */
    public Optional<Node> inside(Item item, FilePath below) {
        if (below.isRoot()) {
            return Optional.of(item.node());
        }
        Walk w = core.db.read(c -> core.nodes.walk(c, item.node().id(), below.names()));
        return w.node() != null && w.complete(below.depth()) ? Optional.of(w.node()) : Optional.empty();
    }

    /** The content of a deleted file (or of a file inside a deleted folder); null when it is empty. */
    public BlobReader open(Node file) throws java.io.IOException {
        if (file.isFolder()) {
            throw new BadRequestException("a folder has no content");
        }
        return Reads.content(core, file);
    }

    /** The children of a deleted folder (or of a folder inside one). */
    public List<Node> children(Node folder) {
        List<Node> out = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            String a = after;
            List<Node> got = core.db.read(c -> core.nodes.children(c, folder.id(), a, 1000));
            out.addAll(got);
            if (got.size() < 1000) {
                break;
            }
            after = got.get(got.size() - 1).name();
        }
        return out;
    }

    /**
     * Puts the item back where it was: into its folder when that is still a live folder of its space, otherwise at
     * the top; under its name, or {@code name (restored)}, {@code name (restored 2)}… when that is taken. 507 when
     * its space has no room for it, 423 when the folder is locked by someone else, 404 when it left the trash.
     *
     * @param key the item's {@link Item#key() key}
     * @return its path in the user's tree
     */
    public FilePath restore(Principal p, String key) {
        Listed listed = listed(p, key);
        Item item = listed.item();
        Bin bin = listed.bin();
        if (!bin.mayRestore()) {
            throw new ForbiddenException("you may not add items to the folder " + bin.at());
        }
        Space space = bin.space();
        long now = System.currentTimeMillis();
        return core.writeName(space, space, c -> {
            TrashRepository.Trashed seen =
                    trash.entry(c, space.id(), item.node().id());
            if (seen == null) {
                throw new NotFoundException(item.key());
            }
            // the folder it goes back into, held shared with everything above it; then the entry, locked
            long[] chain = heldFolder(c, bin, seen.origParentId());
            TrashRepository.Trashed t =
                    trash.lockEntry(c, space.id(), item.node().id());
            if (t == null) {
                throw new NotFoundException(item.key());
            }
            long parentId = chain[chain.length - 1];
            core.lockRules.requireUnlocked(c, core.lockRules.active(c, space.id()), chain, false, p, Set.of());
            // its properties come back into the live tree and count again (a trashed item's cannot change)
            long props = core.propBytes.measured(c, t.node());
            core.quota.require(c, space, t.node().size() + props);
            core.propBytes.add(c, space.id(), props);
            String name = freeName(c, parentId, t.origName(), !t.node().isFolder());
            if (!trash.restore(c, t.node().id(), space.trashNodeId(), parentId, name, now)) {
                throw new NotFoundException(item.key());
            }
            ChangeJournal.record(
                    c,
                    space.id(),
                    t.node().id(),
                    ChangeJournal.CREATE,
                    p.userId(),
                    chain,
                    t.node().size(),
                    now);
            return pathOf(c, chain, bin.indexIn(chain), bin.at()).child(name);
        });
    }

    /**
     * The live folder an item goes back into, held shared from the space root down: the one it was in, or the top of
     * its space or share when that one is gone (in a trash, purged, moved out of the share, a file now).
     */
    private long[] heldFolder(Connection c, Bin bin, long origParentId) throws SQLException {
        for (long candidate : new long[] {origParentId, bin.rootId()}) {
            long[] chain = core.nodes.liveChains(c, List.of(candidate)).get(candidate);
            if (bin.indexIn(chain) < 0) {
                continue;
            }
            List<Long> ids = new ArrayList<>();
            for (long id : chain) {
                ids.add(id);
            }
            Map<Long, Long> parents = core.nodeLocks.hold(c, ids);
            boolean linked = true;
            for (int i = 1; i < chain.length && linked; i++) {
                linked = parents.containsKey(chain[i]) && parents.get(chain[i]) == chain[i - 1];
            }
            Node folder = core.nodes.byId(c, candidate);
            if (linked
                    && folder != null
                    && folder.isFolder()
                    && folder.spaceId() == bin.space().id()) {
                return chain;
            }
        }
        throw new NotFoundException("the place to restore into");
    }

    /** Deletes the item of that key for good (its bytes are reclaimed once nothing else refers to them). */
    public void delete(Principal p, String key) {
        if (!delete(listed(p, key))) {
            throw new NotFoundException(key);
        }
    }

    /** Empties the user's trash bin; returns how many items went. */
    public int empty(Principal p) {
        int n = 0;
        for (Listed l : found(p)) {
            if (delete(l)) {
                n++;
            } // else restored or purged meanwhile
        }
        return n;
    }

    /** False when the item left the trash meanwhile. */
    private boolean delete(Listed l) {
        long id = l.item().node().id();
        // marking takes the entry from everyone else (a restore, another delete, the purge): only one of them wins
        List<Long> marked = core.db.tx(c -> trash.markPurging(c, l.bin().space().id(), List.of(id)));
        if (marked.isEmpty()) {
            return false;
        }
        purge.purgeSubtree(id);
        return true;
    }

    private static String baseKey(TrashRepository.Trashed t) {
        return t.origName() + ".d" + t.deletedAtMillis() / 1000;
    }

    /** The path in the user's tree of a chain whose element {@code from} lies at {@code at}. */
    private FilePath pathOf(Connection c, long[] chain, int from, FilePath at) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int i = from + 1; i < chain.length; i++) {
            ids.add(chain[i]);
        }
        Map<Long, String> names = core.nodes.names(c, ids);
        FilePath path = at;
        for (long id : ids) {
            path = path.child(names.get(id));
        }
        return path;
    }

    /** {@code name}, else {@code name (restored)}, {@code name (restored 2)}…; a file keeps its extension last. */
    private String freeName(Connection c, long parentId, String name, boolean file) throws SQLException {
        for (int i = 1; i <= MAX_NAME_TRIES; i++) {
            String candidate = i == 1 ? name : restoredName(name, i - 1, file);
            if (core.nodes.child(c, parentId, candidate) == null) {
                return candidate;
            }
        }
        throw new ConflictException("no free name to restore " + name);
    }

    static String restoredName(String name, int n, boolean file) {
        String mark = n == 1 ? " (restored)" : " (restored " + n + ")";
        int dot = file ? name.lastIndexOf('.') : -1;
        return dot > 0 ? name.substring(0, dot) + mark + name.substring(dot) : name + mark;
    }
}
