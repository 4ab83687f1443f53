package org.kiste.dav;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.BadRequestException;

/** Percent-encoding of path segments for hrefs, and strict decoding of request paths. */
public final class Hrefs {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Hrefs() {}

    /** Encodes one name: everything but RFC 3986 unreserved characters becomes %XX of its UTF-8 bytes. */
    public static String encodeSegment(String name) {
        StringBuilder sb = null;
        byte[] bytes = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!unreserved(c)) {
                bytes = name.getBytes(StandardCharsets.UTF_8);
                sb = new StringBuilder(bytes.length * 3);
                break;
            }
        }
        if (sb == null) {
            return name;
        }
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && unreserved((char) c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /** A raw path with every run of slashes made one (clients that join "…/" and "/name" send "//"). */
    public static String collapseSlashes(String rawPath) {
        if (!rawPath.contains("//")) {
            return rawPath;
        }
        StringBuilder sb = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '/' || sb.length() == 0 || sb.charAt(sb.length() - 1) != '/') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Splits a raw (still encoded) path on '/' and decodes each segment; an encoded '/' stays inside its segment. */
    public static List<String> decodeSegments(String rawPath) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                if (i > start) {
                    out.add(decode(rawPath.substring(start, i)));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Strict percent-decoding as UTF-8; malformed escapes or bytes are a 400. '+' stays '+' (paths, not forms). */
    public static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new BadRequestException("malformed percent-escape in path");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadRequestException("malformed percent-escape in path");
                }
                buf.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                buf.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                buf.write(b, 0, b.length);
            }
        }
        byte[] bytes = buf.toByteArray();
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadRequestException("path is not valid UTF-8");
        }
    }
}
