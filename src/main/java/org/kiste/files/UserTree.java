package org.kiste.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;
import org.kiste.store.SpaceRepository.Space;

/**
 * A user's tree: their home space, with the team folders they may see mounted as top-level folders. A path's
 * first name picks a mount when one has that name (a mount hides a home entry of the same name, as Nextcloud's
 * group folders do); everything else lies in the home.
 */
final class UserTree {
    /** Mounts change with grants and memberships, made by the admin CLI in another process: a second's staleness. */
    private final Cache<Long, List<MountInfo>> mounts = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(1)).build();
    private volatile MountSource source = MountSource.NONE;

    /** Where a path of the user's tree lies: the space, the path inside it, what the user may do there. */
    record Place(Space space, FilePath inSpace, Perms perms, MountInfo mount) {
        boolean isMountPoint() {
            return mount != null && inSpace.isRoot();
        }

        /** The root of the user's own tree, which lists the mounts next to the home's entries. */
        boolean isTreeRoot() {
            return mount == null && inSpace.isRoot();
        }
    }

    void useSource(MountSource source) {
        this.source = source;
        mounts.invalidateAll();
    }

    List<MountInfo> mounts(Principal p) {
        return mounts.get(p.userId(), source::mountsFor);
    }

    MountInfo mountNamed(Principal p, String name) {
        for (MountInfo m : mounts(p)) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    MountInfo mountOfSpace(Principal p, long spaceId) {
        for (MountInfo m : mounts(p)) {
            if (m.spaceId() == spaceId) {
                return m;
            }
        }
        return null;
    }

    /**
     * @param spaces loads a space by id (cached by the caller)
     * @param home   the principal's home space
     */
    Place place(Principal p, FilePath path, Space home, LongFunction<Space> spaces) {
        if (!path.isRoot()) {
            MountInfo m = mountNamed(p, path.names().get(0));
            if (m != null) {
                Space s = spaces.apply(m.spaceId());
                if (s != null) {
                    return new Place(s, path.dropFirst(1), m.perms(), m);
                }
            }
        }
        return new Place(home, path, Perms.ALL, null);
    }

    /**
     * The etag of the user's root folder: the home root's own etag when nothing is mounted, otherwise a digest of
     * it with every mount's name and root etag, so that any change inside a team folder (and any mount that comes
     * or goes) changes every member's root etag without writing to their rows (Nextcloud computes it the same way).
     */
    static String rootEtag(String homeEtag, List<Node> mountRoots) {
        if (mountRoots.isEmpty()) {
            return homeEtag;
        }
        StringBuilder s = new StringBuilder(homeEtag);
        for (Node m : mountRoots) {
            s.append('/').append(m.spaceId()).append(':').append(m.name()).append(':').append(m.etag());
        }
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return "m" + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
