package org.kiste.files;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;

/**
 * Where a user's mounts appear in their tree: every mount point by path, the mounts each of the user's folders
 * holds, and the mounts below each folder (whose changes that folder's etag must show). Built from placed mounts
 * (their {@link MountInfo#folder() folders} known); read-only once built.
 *
 * @param source     the mount list it was placed from (the tree's cache hands out the same list until it reloads)
 * @param generation the generation of the user's home it was placed under (folders move, are renamed, trashed)
 * @param hasNested  some mount is kept in a folder (then the layout depends on the home's folders)
 */
record MountLayout(
        List<MountInfo> source,
        long generation,
        List<MountInfo> all,
        Map<FilePath, MountInfo> byPoint,
        Map<FilePath, List<MountInfo>> byFolder,
        Map<FilePath, List<MountInfo>> below,
        int deepest,
        boolean hasNested) {

    static MountLayout of(List<MountInfo> source, long generation, List<MountInfo> placed) {
        Map<FilePath, MountInfo> byPoint = new HashMap<>();
        Map<FilePath, List<MountInfo>> byFolder = new HashMap<>();
        Map<FilePath, List<MountInfo>> below = new HashMap<>();
        int deepest = 0;
        boolean nested = false;
        for (MountInfo m : source) {
            nested |= m.nested();
        }
        for (MountInfo m : placed) {
            FilePath point = m.point();
            byPoint.put(point, m);
            byFolder.computeIfAbsent(m.folder(), k -> new ArrayList<>()).add(m);
            deepest = Math.max(deepest, point.depth());
            // the root's etag covers every mount (see UserTree#root); folders in between cover those below them
            for (int d = 1; d < point.depth(); d++) {
                below.computeIfAbsent(point.prefix(d), k -> new ArrayList<>()).add(m);
            }
        }
        return new MountLayout(source, generation, List.copyOf(placed), byPoint, byFolder, below, deepest, nested);
    }

    /** The mount whose point is {@code path} or its nearest ancestor from the top (a mount hides what lies below). */
    MountInfo above(FilePath path) {
        int max = Math.min(deepest, path.depth());
        for (int d = 1; d <= max; d++) {
            MountInfo m = byPoint.get(path.prefix(d));
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** The mounts whose points lie directly in {@code folder}. */
    List<MountInfo> in(FilePath folder) {
        return byFolder.getOrDefault(folder, List.of());
    }

    /** The mounts at any depth below {@code folder}; empty for the root, whose etag covers all mounts anyway. */
    List<MountInfo> below(FilePath folder) {
        return below.getOrDefault(folder, List.of());
    }
}
