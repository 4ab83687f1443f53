package org.kiste.files;

/**
 * How much dead-property data one resource may carry: the largest value, the number of properties and their total
 * bytes (namespace, name and value, UTF-8). Clients store small things there (Windows its Win32 times and
 * attributes, office suites a few author fields), so the defaults leave them ample room while anybody with write
 * access — a link's visitor too — cannot park megabytes outside the files.
 */
public record PropertyLimits(long maxValueBytes, int maxCount, long maxTotalBytes) {
    public static final PropertyLimits DEFAULT = new PropertyLimits(16 * 1024, 64, 64 * 1024);
}
