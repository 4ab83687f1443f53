package org.kiste.nextcloud.upload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order chunks are assembled in. When every name is digits only it is numeric order: iOS numbers its chunks
 * {@code 1, 2, … 10} unpadded, where string order would put 10 before 2; the desktop's 16-digit and Android's
 * 6-digit names sort the same either way. Otherwise it is name order, which is right for rclone's zero-padded
 * {@code first-last} byte offsets.
 */
public final class ChunkOrder {
    private static final Comparator<String> NUMERIC = Comparator.comparing(ChunkOrder::withoutLeadingZeros,
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
            .thenComparing(Comparator.naturalOrder());

    private ChunkOrder() {
    }

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
