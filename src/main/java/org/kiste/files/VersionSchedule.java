package org.kiste.files;

import java.util.ArrayList;
import java.util.List;
import org.kiste.model.FileVersion;

/**
 * Which versions of a file the schedule lets go, as Nextcloud decides it: walking from the newest version to the
 * oldest, a version closer than the current interval's step to the last one kept goes; the interval (and its step)
 * moves on when the last version kept lies past the interval's end. The newest version always stays, and so does every
 * named one (named versions are not part of the walk). Ages are measured from a version's date (its name).
 *
 * <p>Written as {@code AGE:STEP,…,*:STEP} with units {@code s m h d w}; Nextcloud's (the default) keeps one version
 * per 2 s for the first 10 s, per 10 s up to a minute, per minute for the first hour, per hour for the first day, per
 * day for the first 30 days and one per week after that.
 */
public final class VersionSchedule {
    public static final String NEXTCLOUD = "10s:2s,1m:10s,1h:1m,1d:1h,30d:1d,*:1w";

    /** One interval: up to {@code endsAfter} seconds of age (-1: no end), one version per {@code step} seconds. */
    private record Interval(long endsAfter, long step) {}

    private final List<Interval> intervals;

    private VersionSchedule(List<Interval> intervals) {
        this.intervals = List.copyOf(intervals);
    }

    /** Parses a schedule; {@link IllegalArgumentException} with a reason when it is not one. */
    public static VersionSchedule parse(String spec) {
        List<Interval> out = new ArrayList<>();
        String[] parts = spec.split(",");
        if (parts.length > 32) {
            throw new IllegalArgumentException("a schedule has at most 32 intervals");
        }
        long last = 0;
        for (int i = 0; i < parts.length; i++) {
            String[] ageStep = parts[i].trim().split(":");
            if (ageStep.length != 2) {
                throw new IllegalArgumentException("'" + parts[i].trim() + "' is not AGE:STEP");
            }
            boolean open = ageStep[0].trim().equals("*");
            if (open != (i == parts.length - 1)) {
                throw new IllegalArgumentException("the last interval, and only it, has the age *");
            }
            long age = open ? -1 : seconds(ageStep[0]);
            long step = seconds(ageStep[1]);
            if (step <= 0 || (!open && age <= last)) {
                throw new IllegalArgumentException("steps are positive and ages grow from one interval to the next");
            }
            last = age;
            out.add(new Interval(age, step));
        }
        return new VersionSchedule(out);
    }

    private static long seconds(String s) {
        String t = s.trim();
        if (t.length() < 2 || t.length() > 12) {
            throw new IllegalArgumentException("'" + t + "' is not a duration such as 10s, 5m, 2h, 30d or 1w");
        }
        long unit = switch (t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default ->
                throw new IllegalArgumentException("'" + t + "' is not a duration such as 10s, 5m, 2h, 30d or 1w");
        };
        try {
            return Long.parseLong(t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a duration such as 10s, 5m, 2h, 30d or 1w");
        }
    }

    /** The versions of one file ({@code newestFirst}: by date, newest first) that the schedule lets go at {@code now}. */
    public List<FileVersion> expired(List<FileVersion> newestFirst, long nowSeconds) {
        List<FileVersion> walk =
                newestFirst.stream().filter(v -> v.label() == null).toList();
        List<FileVersion> out = new ArrayList<>();
        if (walk.isEmpty()) {
            return out;
        }
        int interval = 0;
        long step = intervals.get(0).step();
        long nextInterval = end(interval, nowSeconds);
        long prev = walk.get(0).revision();
        long nextVersion = prev - step;
        for (int k = 1; k < walk.size(); k++) {
            FileVersion v = walk.get(k);
            while (nextInterval != Long.MIN_VALUE && prev <= nextInterval && interval < intervals.size() - 1) {
                interval++;
                step = intervals.get(interval).step();
                nextVersion = prev - step;
                nextInterval = end(interval, nowSeconds);
            }
            if (v.revision() > nextVersion) {
                out.add(v); // closer to the last version kept than the step
            } else {
                nextVersion = v.revision() - step;
                prev = v.revision();
            }
        }
        return out;
    }

    /** The date where an interval ends (older than that is past it), or {@code Long.MIN_VALUE} for none. */
    private long end(int interval, long now) {
        long e = intervals.get(interval).endsAfter();
        return e < 0 ? Long.MIN_VALUE : now - e;
    }
}
