package org.kiste.store.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.blob.DiskBlobStore;
import org.kiste.store.Database;

/** What a check works on and where it reports: the database, the blob store, the options, the findings so far. */
public final class CheckContext {
    /** Findings of one check beyond this many are counted, not kept. */
    static final int KEPT_PER_CHECK = 100;

    private final Database db;
    private final DiskBlobStore blobs;
    private final boolean verifyContent;
    private final boolean repair;
    private final Duration orphanGrace;
    private final Map<String, List<String>> findings = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final java.util.Set<String> capped = new java.util.HashSet<>();
    private final List<String> repairs = new ArrayList<>();

    public CheckContext(Database db, DiskBlobStore blobs, boolean verifyContent, boolean repair, Duration orphanGrace) {
        this.db = db;
        this.blobs = blobs;
        this.verifyContent = verifyContent;
        this.repair = repair;
        this.orphanGrace = orphanGrace;
    }

    public Database db() {
        return db;
    }

    public DiskBlobStore blobs() {
        return blobs;
    }

    /** Whether blob contents are read and hashed (not only their sizes compared). */
    public boolean verifyContent() {
        return verifyContent;
    }

    public boolean repair() {
        return repair;
    }

    /** How old bytes that no row names must be before they count as orphans (the collector's grace). */
    public Duration orphanGrace() {
        return orphanGrace;
    }

    /** Reports a violation found by {@code check}. */
    public void found(String check, String what) {
        int n = counts.merge(check, 1, Integer::sum);
        if (n <= KEPT_PER_CHECK) {
            findings.computeIfAbsent(check, k -> new ArrayList<>()).add(what);
        }
    }

    /** Notes that {@code check} stopped counting at a limit: there may be more findings than it counted. */
    public void stoppedCounting(String check) {
        capped.add(check);
    }

    /** Whether {@code check} stopped counting at a limit. */
    public boolean countIsAtLeast(String check) {
        return capped.contains(check);
    }

    /** Reports what a repair did. */
    public void repaired(String check, String what) {
        repairs.add(check + ": " + what);
    }

    public boolean clean() {
        return counts.isEmpty();
    }

    /** The findings per check (at most {@link #KEPT_PER_CHECK} each). */
    public Map<String, List<String>> findings() {
        return findings;
    }

    /** How many findings each check made. */
    public Map<String, Integer> counts() {
        return counts;
    }

    public List<String> repairs() {
        return repairs;
    }
}
