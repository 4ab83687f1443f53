package org.kiste.uploads;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.kiste.model.BadRequestException;

/**
 * Transfer ids and chunk names: client-chosen strings (a decimal number, a UUID, {@code rclone-chunked-upload-<md5>},
 * {@code 000001}, {@code 000000000000000-000000010485759}) that become file names under the uploads directory.
 * Nothing that could leave that directory gets through ({@code ..}, a slash, a backslash, control characters), and
 * on disk a name is kept as ASCII (percent-encoded UTF-8), whatever the JVM's file-name charset.
 */
public final class UploadNames {
    /** The name a transfer's assembled file is moved from ({@code MOVE …/{transfer}/.file}). */
    public static final String ASSEMBLED = ".file";
    /** The encoded form must fit a file-system name (255 bytes) with room to spare. */
    static final int MAX_DISK_NAME = 240;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UploadNames() {}

    /** Checks a transfer id or chunk name; {@code what} names it in the 400 message. */
    public static String require(String what, String name) {
        if (name == null || name.isEmpty() || name.contains("..") || name.equals(".")) {
            throw new BadRequestException("invalid " + what + " '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f) {
                throw new BadRequestException(what + " contains a forbidden character");
            }
        }
        if (toDisk(name).length() > MAX_DISK_NAME) {
            throw new BadRequestException(what + " is too long");
        }
        return name;
    }

    /** A chunk name: as {@link #require}, and never the reserved {@code .file}. */
    public static String requireChunk(String name) {
        require("chunk name", name);
        if (name.equals(ASSEMBLED)) {
            throw new BadRequestException(ASSEMBLED + " is not a chunk name");
        }
        return name;
    }

    /** The on-disk form: RFC 3986 unreserved ASCII kept, every other UTF-8 byte as %XX. */
    static String toDisk(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    /** The inverse of {@link #toDisk}; null for a file name {@link #toDisk} cannot have written. */
    static String fromDisk(String diskName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(diskName.length());
        for (int i = 0; i < diskName.length(); i++) {
            char c = diskName.charAt(i);
            if (c == '%') {
                if (i + 2 >= diskName.length()) {
                    return null;
                }
                int hi = Character.digit(diskName.charAt(i + 1), 16);
                int lo = Character.digit(diskName.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
