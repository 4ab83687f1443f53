package org.kiste.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kiste.blob.BlobMissingException;
import org.kiste.blob.BlobReader;
import org.kiste.blob.InlineBlobs;
import org.kiste.model.ContentDetails;
import org.kiste.model.DeadProperty;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;

/** Reading the tree: listings page by page, contents, properties, and finding a node's place in a user's tree. */
final class Reads {
    private final Core core;
    private final Places places;

    Reads(Core core, Places places) {
        this.core = core;
        this.places = places;
    }

    /**
     * A folder's children page by page; with {@link ContentDetails#OMITTED} their blobs are known by id alone (see
     * {@link org.kiste.store.NodeRepository#children(java.sql.Connection, long, String, int, ContentDetails)}).
     */
    void list(Principal p, Resolved folder, int pageSize, ContentDetails details, FilesService.PageSink sink)
            throws IOException {
        list(p, folder, pageSize, details, page -> {
            sink.accept(page);
            return true;
        });
    }

    /** Receives a page and says whether more are wanted. */
    @FunctionalInterface
    interface Pages {
        boolean accept(List<Node> page) throws IOException;
    }

    /** As {@link #list(Principal, Resolved, int, ContentDetails, FilesService.PageSink)}, until {@code sink} wants no more. */
    void list(Principal p, Resolved folder, int pageSize, ContentDetails details, Pages sink) throws IOException {
        if (!folder.isFolder()) {
            return;
        }
        folder.perms().require(Perms.READ, "list");
        UserTree tree = places.tree();
        Space home = folder.mount() == null ? core.home(p) : null;
        List<MountInfo> mounted = home == null ? List.of() : tree.mountsIn(p, home, folder.path());
        Set<String> hidden = UserTree.names(mounted);
        String after = null;
        while (true) {
            String a = after;
            // one row more than a page tells whether another follows, so a listing whose size is a multiple of
            // the page (a folder of 1,000 entries, say) does not end with a query that finds nothing
            List<Node> read = core.db.read(c -> core.nodes.children(c, folder.id(), a, pageSize + 1, details));
            boolean more = read.size() > pageSize;
            List<Node> page = more ? read.subList(0, pageSize) : read;
            // a mount hides a home entry of its name: the path leads into the mount
            List<Node> shown = hidden.isEmpty()
                    ? page
                    : page.stream().filter(n -> !hidden.contains(n.name())).toList();
            if (home != null) {
                shown = tree.covering(p, home, folder.path(), shown);
            }
            if (!shown.isEmpty() && !sink.accept(shown)) {
                return;
            }
            if (!more) {
                break;
            }
            after = page.get(page.size() - 1).name();
        }
        if (!mounted.isEmpty()) {
            sink.accept(tree.mountRoots(mounted));
        }
    }

    Map<Long, List<DeadProperty>> deadProperties(List<Long> nodeIds) {
        return core.db.read(c -> core.props.forNodes(c, nodeIds));
    }

    /** A file's content, checked to be there with its recorded size; null for an empty file. */
    BlobReader open(Node file) throws IOException {
        return content(core, file);
    }

    /**
     * The content of a file, live or in a trash: refused with {@link BlobMissingException} when its blob has no row,
     * was marked lost by {@code kiste fsck --repair}, or is not in the store, and with an IOException when it is not
     * of the file's size, before anything is promised to the client; null for an empty file.
     */
    static BlobReader content(Core core, Node file) throws IOException {
        if (file.blob() == null) {
            return null;
        }
        if (file.blob().key() == null) {
            // the row names a blob that has no row of its own any more: as missing as absent bytes
            throw new BlobMissingException("#" + file.blob().id());
        }
        if (file.blob().lost()) {
            throw new BlobMissingException(file.blob().key() + " (marked lost by kiste fsck)");
        }
        return sized(core, file.blob().id(), file.blob().key(), file.size());
    }

    /**
     * A blob opened and checked to hold {@code size} bytes. Its file is opened straight away: a storage key names one
     * blob for its whole life and its bytes never change, so a file that opens is the content the node named when it
     * was read, and stays readable to its end. Only a file that does not open is looked up under its row's shared lock
     * (see {@link #openHeld}), which tells a blob being collected (the node has changed since) from a lost one; either
     * is missing. A small file's bytes kept in its row are read from there, or from memory.
     */
    static BlobReader sized(Core core, long blobId, String key, long size) throws IOException {
        BlobReader r;
        if (InlineBlobs.isInline(key)) {
            r = core.inline.open(blobId, key);
        } else {
            try {
                r = core.blobs.open(key);
            } catch (BlobMissingException e) {
                r = openHeld(core, blobId, key);
            }
        }
        if (r.size() != size) {
            r.close();
            throw new IOException("blob " + key + " holds " + r.size() + " bytes, not " + size);
        }
        return r;
    }

    /**
     * Opens a blob's file while its row is held shared, so that the collector cannot delete it between the reader
     * learning its name and opening it; once open, the file can be read to the end however long that takes (a slow
     * download, a long archive), whatever is purged meanwhile. A blob the collector is already deleting is missing:
     * the node it was read from has changed or gone since.
     */
    private static BlobReader openHeld(Core core, long blobId, String key) throws IOException {
        try {
            return core.db.tx(c -> {
                if (!core.blobRows.holdLive(c, blobId)) {
                    throw new UncheckedIOException(new BlobMissingException(key));
                }
                try {
                    return core.blobs.open(key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The chain from its space's root to a live node, in one query; empty when it is in a trash or gone. */
    Map<Long, long[]> liveChains(java.util.Collection<Long> ids) {
        return core.db.read(c -> core.nodes.liveChains(c, ids));
    }

    Optional<String> nodeName(long id) {
        return Optional.ofNullable(
                core.db.read(c -> core.nodes.names(c, List.of(id))).get(id));
    }

    /**
     * Where a live node lies in the principal's tree (inside a mount, or in their home), or empty when they cannot
     * reach it there.
     */
    Optional<Resolved> locate(Principal p, long nodeId) {
        long[] chain = liveChains(List.of(nodeId)).get(nodeId);
        if (chain == null) {
            return Optional.empty();
        }
        List<Long> ids = new ArrayList<>();
        for (long id : chain) {
            ids.add(id);
        }
        Map<Long, String> names = core.db.read(c -> core.nodes.names(c, ids));
        FilePath path = null;
        if (p.isLinkVisitor()) {
            // a link's visitor sees the linked item as the root of their tree
            for (int k = 0; k < chain.length && path == null; k++) {
                if (chain[k] == p.link().rootNodeId()) {
                    path = FilePath.ROOT;
                    for (int i = k + 1; i < chain.length && !p.link().file(); i++) {
                        path = path.child(names.get(chain[i]));
                    }
                }
            }
            return path == null ? Optional.empty() : places.find(p, path).filter(r -> r.id() == nodeId);
        }
        for (MountInfo m : places.tree().mounts(p, core.home(p))) {
            for (int k = 0; k < chain.length && path == null; k++) {
                if (chain[k] == m.rootNodeId()) {
                    FilePath at = m.point();
                    for (int i = k + 1; i < chain.length; i++) {
                        at = at.child(names.get(chain[i]));
                    }
                    path = at;
                }
            }
            if (path != null) {
                break;
            }
        }
        if (path == null && chain[0] == core.home(p).rootNodeId()) {
            path = FilePath.ROOT;
            for (int i = 1; i < chain.length; i++) {
                path = path.child(names.get(chain[i]));
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        return places.find(p, path).filter(r -> r.id() == nodeId);
    }
}
