package org.kiste.files;

import java.util.HexFormat;
import java.util.Locale;
import org.kiste.model.BadRequestException;
import org.kiste.model.Node;

/**
 * A content checksum a client announces ({@code OC-Checksum: SHA1:<hex>}). Kiste computes SHA-256 and SHA-1 of
 * every blob while it streams to disk, and MD5 when the client announced one, so those three types are verified;
 * any other type (ADLER32, SHA3-256) cannot be checked and is ignored, as the protocol allows.
 */
public record Checksum(Type type, byte[] value) {
    public enum Type {
        SHA1,
        MD5,
        SHA256
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EMPTY_SHA1 = HEX.parseHex("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    private static final byte[] EMPTY_MD5 = HEX.parseHex("d41d8cd98f00b204e9800998ecf8427e");
    private static final byte[] EMPTY_SHA256 =
            HEX.parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /**
     * Parses {@code TYPE:hex}; several space-separated pairs may be given, the first verifiable one counts.
     * Returns null when the header is absent or names no type Kiste can verify.
     *
     * @throws BadRequestException for a verifiable type with a malformed value
     */
    public static Checksum parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        for (String pair : header.trim().split("\\s+")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            Type t = switch (pair.substring(0, colon).toUpperCase(Locale.ROOT).replace("-", "")) {
                case "SHA1" -> Type.SHA1;
                case "MD5" -> Type.MD5;
                case "SHA256" -> Type.SHA256;
                default -> null;
            };
            if (t == null) {
                continue;
            }
            String hex = pair.substring(colon + 1);
            int expected = switch (t) {
                case SHA1 -> 40;
                case MD5 -> 32;
                case SHA256 -> 64;
            };
            if (hex.length() != expected) {
                throw new BadRequestException("malformed " + t + " checksum");
            }
            try {
                return new Checksum(t, HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("malformed " + t + " checksum");
            }
        }
        return null;
    }

    /** True when content with these digests (null for empty content) has this checksum. */
    public boolean matches(byte[] sha256, byte[] sha1, byte[] md5, boolean empty) {
        byte[] actual = switch (type) {
            case SHA1 -> empty ? EMPTY_SHA1 : sha1;
            case MD5 -> empty ? EMPTY_MD5 : md5;
            case SHA256 -> empty ? EMPTY_SHA256 : sha256;
        };
        return actual != null && java.util.Arrays.equals(actual, value);
    }

    /** The SHA-1 of a file version as {@code SHA1:<hex>}, the form Nextcloud clients read. */
    public static String sha1Header(Node n) {
        if (n.isFolder()) {
            return null;
        }
        byte[] sha1 = n.blob() == null ? EMPTY_SHA1 : n.blob().sha1();
        return sha1 == null ? null : "SHA1:" + HEX.formatHex(sha1);
    }

    /**
     * {@code oc:checksums} text, as Nextcloud lists them: SHA1, and MD5 space-separated after it where it is known
     * (computed only for content uploaded with an MD5 to check, see {@link org.kiste.blob.Digests}).
     */
    public static String listing(Node n) {
        if (n.isFolder()) {
            return null;
        }
        byte[] sha1 = n.blob() == null ? EMPTY_SHA1 : n.blob().sha1();
        byte[] md5 = n.blob() == null ? EMPTY_MD5 : n.blob().md5();
        if (sha1 == null) {
            return null;
        }
        return md5 == null
                ? "SHA1:" + HEX.formatHex(sha1)
                : "SHA1:" + HEX.formatHex(sha1) + " MD5:" + HEX.formatHex(md5);
    }

    @Override
    public String toString() {
        return type + ":" + HEX.formatHex(value);
    }
}
