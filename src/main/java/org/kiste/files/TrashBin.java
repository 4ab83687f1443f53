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
 * A user's trash bin: what they deleted in their home, until the housekeeping purges it. Items can be listed (with
 * where they were and when they went), read, restored to where they were (or to the top when that folder is gone;
 * under {@code name (restored)} when the name is taken) and deleted for good.
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
        Space home = files.home(p);
        return files.database().read(c -> items(c, home));
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
     * Puts the item back where it was: into its folder when that is still a live folder of the home, otherwise at
     * the top; under its name, or {@code name (restored)}, {@code name (restored 2)}… when that is taken. 507 when
     * the home has no room for it, 423 when the folder is locked by someone else, 404 when it left the trash.
     *
     * @return its path in the user's tree
     */
    public FilePath restore(Principal p, Item item) {
        Space home = files.home(p);
        long now = System.currentTimeMillis();
        long allowed = files.allowedBytes(home, 0);
        return files.txRacingForName(home, c -> {
            TrashRepository.Trashed t = trash.lockEntry(c, home.id(), item.node().id());
            if (t == null) {
                throw new NotFoundException(item.key());
            }
            if (allowed >= 0 && t.node().size() > allowed) {
                throw new InsufficientStorageException("not enough space to restore " + t.node().size() + " bytes");
            }
            long[] chain = files.nodes().liveChains(c, List.of(t.origParentId())).get(t.origParentId());
            Node parent = chain == null ? null : files.nodes().byId(c, t.origParentId());
            if (chain == null || chain[0] != home.rootNodeId() || parent == null || !parent.isFolder()) {
                chain = new long[] {home.rootNodeId()};
            }
            long parentId = chain[chain.length - 1];
            files.holdFolder(c, parentId, home, FilePath.ROOT.child(t.origName()));
            files.lockRules().requireUnlocked(c, files.lockRules().active(c, home.id()), chain, false, p, Set.of());
            String name = freeName(c, parentId, t.origName(), !t.node().isFolder());
            trash.restore(c, t.node().id(), parentId, name, now);
            ChangeJournal.record(c, home.id(), t.node().id(), ChangeJournal.CREATE, p.userId(), chain, t.node().size(), now);
            return pathOf(c, chain, home).child(name);
        });
    }

    /** Deletes the item for good (its bytes are reclaimed once nothing else refers to them). */
    public void delete(Principal p, Item item) {
        Space home = files.home(p);
        int marked = files.database().tx(c -> trash.markPurging(c, home.id(), List.of(item.node().id())));
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

    private List<Item> items(Connection c, Space home) throws SQLException {
        List<TrashRepository.Trashed> rows = trash.list(c, home.id(), MAX_ITEMS);
        Set<Long> parents = new HashSet<>();
        for (TrashRepository.Trashed t : rows) {
            parents.add(t.origParentId());
        }
        Map<Long, long[]> chains = files.nodes().liveChains(c, parents);
        Map<Long, FilePath> folders = new HashMap<>();
        for (Map.Entry<Long, long[]> e : chains.entrySet()) {
            if (e.getValue()[0] == home.rootNodeId()) {
                folders.put(e.getKey(), pathOf(c, e.getValue(), home));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (TrashRepository.Trashed t : rows) {
            seen.merge(baseKey(t), 1, Integer::sum);
        }
        List<Item> out = new ArrayList<>(rows.size());
        for (TrashRepository.Trashed t : rows) {
            String key = seen.get(baseKey(t)) > 1 ? baseKey(t) + "-" + t.node().id() : baseKey(t);
            FilePath folder = folders.getOrDefault(t.origParentId(), FilePath.ROOT);
            out.add(new Item(key, t.node(), t.origName(), folder.child(t.origName()), t.deletedAtMillis()));
        }
        return out;
    }

    private static String baseKey(TrashRepository.Trashed t) {
        return t.origName() + ".d" + t.deletedAtMillis() / 1000;
    }

    private FilePath pathOf(Connection c, long[] chain, Space home) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i < chain.length; i++) {
            ids.add(chain[i]);
        }
        Map<Long, String> names = files.nodes().names(c, ids);
        FilePath path = FilePath.ROOT;
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
