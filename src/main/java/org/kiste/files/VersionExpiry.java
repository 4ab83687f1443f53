package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kiste.model.FileVersion;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.VersionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping of versions: the schedule thins out each file's versions ({@link VersionSchedule}), and a space whose
 * versions hold more than {@code maxShare} percent of its free quota (of the free disk where it has none, or where
 * the disk has less room than the quota) loses its
 * oldest ones, unnamed ones first, until they fit. Rows go in small transactions that first lock what they decide
 * on; bytes are left to the blob collector, so a crash at any point loses nothing that was not meant to go.
 * Versions do not count towards the quota users see.
 */
public final class VersionExpiry {
    private static final Logger log = LoggerFactory.getLogger(VersionExpiry.class);
    /** Files whose schedule one run looks at; the next run goes on from there. */
    private static final int FILES_PER_RUN = 500;
    /** Versions one transaction of the cap removes, and how many such transactions a space gets per run. */
    private static final int CAP_BATCH = 100;

    private static final int CAP_ROUNDS = 50;

    private final Core core;
    private final VersionRepository rows;
    private final VersionSchedule schedule;
    private final int maxShare;
    private long cursor;

    VersionExpiry(Core core, VersionRepository rows, VersionSchedule schedule, int maxShare) {
        this.core = core;
        this.rows = rows;
        this.schedule = schedule;
        this.maxShare = Math.max(0, Math.min(100, maxShare));
    }

    /** One bounded run: the schedule for some files, then the cap of every space; returns the versions removed. */
    public int run() {
        return bySchedule(System.currentTimeMillis() / 1000) + byCap();
    }

    /** The schedule for the next files in turn (all of them across runs); returns the versions removed. */
    int bySchedule(long nowSeconds) {
        List<Long> files = core.db.read(c -> rows.filesAfter(c, cursor, FILES_PER_RUN));
        cursor = files.size() < FILES_PER_RUN ? 0 : files.get(files.size() - 1);
        int removed = 0;
        for (long file : files) {
            removed += core.db.tx(c -> {
                int n = 0;
                for (FileVersion v : schedule.expired(rows.lockAll(c, file), nowSeconds)) {
                    n += rows.delete(c, v.id()) ? 1 : 0;
                }
                return n;
            });
        }
        if (removed > 0) {
            log.info("the version schedule removed {} versions", removed);
        }
        return removed;
    }

    /** Every space's versions brought within their share of its free room; returns the versions removed. */
    int byCap() {
        Map<Long, long[]> held = core.db.read(rows::perSpace);
        int removed = 0;
        for (Long id : held.keySet()) {
            Space space = core.space(id);
            if (space == null) {
                continue;
            }
            for (int round = 0; round < CAP_ROUNDS; round++) {
                int n = core.db.tx(c -> capRound(c, space));
                removed += n;
                if (n == 0) {
                    break; // within the cap, or others changed the versions or held their files: the next run looks
                    // again
                }
            }
        }
        if (removed > 0) {
            log.info("{} versions went to keep versions within {}% of the free room", removed, maxShare);
        }
        return removed;
    }

    /**
     * One transaction of the cap: locks the space's quota row first (as writes that decide on the quota do, so two
     * runs of the cap, on this node or another, take turns and never both remove the bytes that were over), then
     * reads what the versions hold and what they may hold, and removes up to {@link #CAP_BATCH} of the oldest.
     */
    private int capRound(Connection c, Space space) throws SQLException {
        Quota q = core.quota.locked(c, space);
        long over = rows.heldIn(c, space.id()) - allowed(q);
        if (over <= 0) {
            return 0;
        }
        List<FileVersion> oldest = rows.oldestIn(c, space.id(), CAP_BATCH);
        List<FileVersion> chosen = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < oldest.size() && bytes < over; i++) {
            chosen.add(oldest.get(i));
            bytes += oldest.get(i).size();
        }
        return chosen.isEmpty() ? 0 : rows.deleteUnchanged(c, chosen).size();
    }

    /**
     * What a space's versions may hold: the share of its free quota, or of the free disk where it has no quota or
     * where the disk has less room left than the quota (as a write's room is judged, and as Nextcloud measures it).
     */
    private long allowed(Quota q) {
        long free = q.available();
        return free <= 0 ? 0 : (long) (free * (maxShare / 100.0));
    }
}
