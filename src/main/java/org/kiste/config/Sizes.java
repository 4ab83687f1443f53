package org.kiste.config;

import java.util.Locale;

/** Byte sizes as people write them: {@code 10G} is 10 GiB (powers of 1024), {@code none} is unlimited (-1). */
public final class Sizes {
    public static final long UNLIMITED = -1;

    private Sizes() {}

    public static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.equals("NONE") || s.equals("UNLIMITED") || s.equals("-1")) {
            return UNLIMITED;
        }
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) {
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                case 'P' -> shift = 50;
                default -> shift = 0;
            }
        }
        if (shift > 0) {
            s = s.substring(0, s.length() - 1).trim();
        }
        try {
            if (s.contains(".")) {
                double d = Double.parseDouble(s);
                if (d < 0 || Double.isNaN(d)) {
                    throw new NumberFormatException();
                }
                return (long) (d * (1L << shift));
            }
            long n = Long.parseLong(s);
            if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 500M, 10G, 1T or none)");
        }
    }

    public static String format(long bytes) {
        if (bytes < 0) {
            return "none";
        }
        String[] units = {"B", "K", "M", "G", "T", "P"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1 && (bytes % (1L << (10 * (u + 1))) == 0 || v >= 10 * 1024)) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + units[u];
    }
}
