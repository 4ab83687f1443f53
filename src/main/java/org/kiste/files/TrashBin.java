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
import org.kiste.store.ChangeJournal;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.TrashPurge;
import org.kiste.store.TrashRepository;

/**
 * A user's trash bin: what was deleted in their home, and in the team folders where they may delete (as Nextcloud's
 * group folders show it to their members), until the housekeeping purges it. Items can be listed (with where they
 * were and when they went), read, restored to where they were (or to the top of their space when that folder is
 * gone; under {@code name (restored)} when the name is taken) and deleted for good.
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
    public record Item(String key, Node node, String originalName, FilePath originalLocation, long deletedAtMillis) {
        long spaceId() {
            return node.spaceId();
        }
    }

    /** A space whose trash the user sees, and where its root lies in their tree. */
    private record Bin(Space space, FilePath at) {
    }

    private final FilesService files;
    private final TrashRepository trash;
    private final TrashPurge purge;

    TrashBin(FilesService files) {
        this.files = files;
        this.trash = new TrashRepository(files.nodes().epoch());
        this.purge = new TrashPurge(files.database(), Duration.ZERO);
    }

    /** The user's deleted items, newest first. */
    public List<Item> list(Principal p) {
        List<Bin> bins = bins(p);
        List<Item> out = files.database().read(c -> {
            List<TrashRepository.Trashed> rows = new ArrayList<>();
            Map<Long, FilePath> folders = new HashMap<>();
            Map<Long, FilePath> tops = new HashMap<>();
            for (Bin b : bins) {
                List<TrashRepository.Trashed> got = trash.list(c, b.space().id(), MAX_ITEMS);
                rows.addAll(got);
                folders.putAll(originalFolders(c, b, got));
                tops.put(b.space().id(), b.at());
            }
            return items(rows, folders, tops);
        });
        out.sort((a, b) -> Long.compare(b.deletedAtMillis(), a.deletedAtMillis()));
        return out;
    }

    /** The user's home, then each team folder they may delete in. */
    private List<Bin> bins(Principal p) {
        List<Bin> out = new ArrayList<>();
        out.add(new Bin(files.home(p), FilePath.ROOT));
        for (MountInfo m : files.mounts(p)) {
            if (m.kind() == MountInfo.Kind.GROUP && m.perms().can(Perms.DELETE)) {
                Space s = files.space(m.spaceId());
                if (s != null) {
                    out.add(new Bin(s, m.point()));
                }
            }
        }
        return out;
    }

    private Bin binOf(Principal p, Item item) {
        for (Bin b : bins(p)) {
            if (b.space().id() == item.spaceId()) {
                return b;
            }
        }
        throw new NotFoundException(item.key());
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
        NodeRepository.Walk w = files.database().read(c -> files.nodes().walk(c, item.node().id(), below.names()));
        return w.node() != null && w.complete(below.depth()) ? Optional.of(w.node()) : Optional.empty();
    }

    /** The content of a deleted file (or of a file inside a deleted folder); null when it is empty. */
    public java.nio.channels.SeekableByteChannel open(Node file) throws java.io.IOException {
        if (file.isFolder()) {
            throw new BadRequestException("a folder has no content");
        }
        return files.openBlob(file);
    }

    /** The children of a deleted folder (or of a folder inside one). */
    public List<Node> children(Node folder) {
        List<Node> out = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            String a = after;
            List<Node> got = files.database().read(c -> files.nodes().children(c, folder.id(), a, 1000));
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
     * @return its path in the user's tree
     */
    public FilePath restore(Principal p, Item item) {
        Bin bin = binOf(p, item);
        Space space = bin.space();
        long now = System.currentTimeMillis();
        long allowed = files.allowedBytes(space, 0);
        return files.txRacingForName(space, c -> {
            TrashRepository.Trashed t = trash.lockEntry(c, space.id(), item.node().id());
            if (t == null) {
                throw new NotFoundException(item.key());
            }
            if (allowed >= 0 && t.node().size() > allowed) {
                throw new InsufficientStorageException("not enough space to restore " + t.node().size() + " bytes");
            }
            long[] chain = files.nodes().liveChains(c, List.of(t.origParentId())).get(t.origParentId());
            Node parent = chain == null ? null : files.nodes().byId(c, t.origParentId());
            if (chain == null || chain[0] != space.rootNodeId() || parent == null || !parent.isFolder()) {
                chain = new long[] {space.rootNodeId()};
            }
            long parentId = chain[chain.length - 1];
            files.holdFolder(c, parentId, space, FilePath.ROOT.child(t.origName()));
            files.lockRules().requireUnlocked(c, files.lockRules().active(c, space.id()), chain, false, p, Set.of());
            String name = freeName(c, parentId, t.origName(), !t.node().isFolder());
            trash.restore(c, t.node().id(), parentId, name, now);
            ChangeJournal.record(c, space.id(), t.node().id(), ChangeJournal.CREATE, p.userId(), chain, t.node().size(), now);
            return pathOf(c, chain, bin.at()).child(name);
        });
    }

    /** Deletes the item for good (its bytes are reclaimed once nothing else refers to them). */
    public void delete(Principal p, Item item) {
        Space space = binOf(p, item).space();
        int marked = files.database().tx(c -> trash.markPurging(c, space.id(), List.of(item.node().id())));
        if (marked == 0) {
            throw new NotFoundException(item.key());
        }
        purge.purgeSubtree(item.node().id());
    }

    /** Empties the user's trash bin; returns how many items went. */
    public int empty(Principal p) {
        int n = 0;
        for (Item i : list(p)) {
            try {
                delete(p, i);
                n++;
            } catch (NotFoundException e) {
                // restored or purged meanwhile
            }
        }
        return n;
    }

    /** Where the deleted items' folders are today, by folder id: only live folders of the bin's space. */
    private Map<Long, FilePath> originalFolders(Connection c, Bin bin, List<TrashRepository.Trashed> rows)
            throws SQLException {
        Set<Long> parents = new HashSet<>();
        for (TrashRepository.Trashed t : rows) {
            parents.add(t.origParentId());
        }
        Map<Long, FilePath> out = new HashMap<>();
        for (Map.Entry<Long, long[]> e : files.nodes().liveChains(c, parents).entrySet()) {
            if (e.getValue()[0] == bin.space().rootNodeId()) {
                out.put(e.getKey(), pathOf(c, e.getValue(), bin.at()));
            }
        }
        return out;
    }

    /**
     * @param folders where the items' folders are, by folder id (live ones only)
     * @param tops    where each space's root is, by space id: an item whose folder is gone goes back there
     */
    private static List<Item> items(List<TrashRepository.Trashed> rows, Map<Long, FilePath> folders,
                                     Map<Long, FilePath> tops) {
        Map<String, Integer> seen = new HashMap<>();
        for (TrashRepository.Trashed t : rows) {
            seen.merge(baseKey(t), 1, Integer::sum);
        }
        List<Item> out = new ArrayList<>(rows.size());
        for (TrashRepository.Trashed t : rows) {
            String key = seen.get(baseKey(t)) > 1 ? baseKey(t) + "-" + t.node().id() : baseKey(t);
            FilePath folder = folders.getOrDefault(t.origParentId(), tops.get(t.node().spaceId()));
            out.add(new Item(key, t.node(), t.origName(), folder.child(t.origName()), t.deletedAtMillis()));
        }
        return out;
    }

    private static String baseKey(TrashRepository.Trashed t) {
        return t.origName() + ".d" + t.deletedAtMillis() / 1000;
    }

    /** The path in the user's tree of a chain from a space's root, which lies at {@code at}. */
    private FilePath pathOf(Connection c, long[] chain, FilePath at) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i < chain.length; i++) {
            ids.add(chain[i]);
        }
        Map<Long, String> names = files.nodes().names(c, ids);
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
            if (files.nodes().child(c, parentId, candidate) == null) {
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
