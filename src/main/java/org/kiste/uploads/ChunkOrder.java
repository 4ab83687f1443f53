package org.kiste.uploads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kiste.model.BadRequestException;

/**
 * The order chunks are assembled in. When every name is digits only it is numeric order: iOS numbers its chunks
 * {@code 1, 2, … 10} unpadded, where string order would put 10 before 2; the desktop's 16-digit and Android's
 * 6-digit names sort the same either way. Otherwise it is name order, which is right for rclone's zero-padded
 * {@code first-last} byte offsets. Chunks named in either of these two ways must also fit together without a gap
 * or an overlap (numbers one after the other from 0 or 1; byte ranges each starting right after the one before,
 * from 0, each as long as its range): otherwise the assembled file would have a hole or repeated bytes.
 */
public final class ChunkOrder {
    private static final Comparator<String> NUMERIC = Comparator.comparing(
                    ChunkOrder::withoutLeadingZeros,
                    Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
            .thenComparing(Comparator.naturalOrder());

    private ChunkOrder() {}

    public static List<Chunk> sort(List<Chunk> chunks) {
        boolean numeric = true;
        for (Chunk c : chunks) {
            if (!digitsOnly(c.name())) {
                numeric = false;
                break;
            }
        }
        List<Chunk> out = new ArrayList<>(chunks);
        Comparator<String> byName = numeric ? NUMERIC : Comparator.naturalOrder();
        out.sort(Comparator.comparing(Chunk::name, byName));
        return out;
    }

    /** Refuses (400) chunks, in assembly order, that leave a gap or overlap by how they are named. */
    public static void requireContiguous(List<Chunk> ordered) {
        if (ordered.isEmpty()) {
            return;
        }
        if (ordered.stream().allMatch(c -> digitsOnly(c.name()) && c.name().length() <= 18)) {
            long first = Long.parseLong(ordered.get(0).name());
            if (first > 1) {
                throw gap("the first chunk is " + ordered.get(0).name());
            }
            for (int i = 1; i < ordered.size(); i++) {
                long n = Long.parseLong(ordered.get(i).name());
                long before = Long.parseLong(ordered.get(i - 1).name());
                if (n != before + 1) {
                    throw gap(
                            n == before
                                    ? "chunks " + ordered.get(i - 1).name() + " and "
                                            + ordered.get(i).name() + " are the same"
                                    : "chunks between " + ordered.get(i - 1).name() + " and "
                                            + ordered.get(i).name() + " are missing");
                }
            }
            return;
        }
        long[][] ranges = new long[ordered.size()][];
        for (int i = 0; i < ordered.size(); i++) {
            ranges[i] = range(ordered.get(i).name());
            if (ranges[i] == null) {
                return; // named some other way: only the total length, when announced, can tell
            }
        }
        long next = 0;
        for (int i = 0; i < ranges.length; i++) {
            Chunk c = ordered.get(i);
            if (ranges[i][0] != next) {
                throw gap(
                        ranges[i][0] > next
                                ? "bytes " + next + " to " + (ranges[i][0] - 1) + " are missing"
                                : "chunk " + c.name() + " overlaps the one before");
            }
            if (ranges[i][1] - ranges[i][0] + 1 != c.size()) {
                throw gap("chunk " + c.name() + " holds " + c.size() + " bytes");
            }
            next = ranges[i][1] + 1;
        }
    }

    /** {@code first-last} (inclusive byte offsets, digits only), or null. */
    private static long[] range(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return null;
        }
        String a = name.substring(0, dash);
        String b = name.substring(dash + 1);
        if (!digitsOnly(a) || !digitsOnly(b) || a.length() > 18 || b.length() > 18) {
            return null;
        }
        long first = Long.parseLong(a);
        long last = Long.parseLong(b);
        return last >= first ? new long[] {first, last} : null;
    }

    private static BadRequestException gap(String what) {
        return new BadRequestException("the chunks do not fit together: " + what);
    }

    static boolean digitsOnly(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Numbers of any length compare by their significant digits: first by count, then digit by digit. */
    private static String withoutLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
