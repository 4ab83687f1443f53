package org.kiste.files;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How stored bytes are handed to a browser: content from storage never runs in Kiste's origin. A short list of
 * types that browsers only display (raster images, PDF, plain text, audio and video) may be shown inline; every
 * other type (HTML, SVG, XML, scripts, anything unknown) is sent as an attachment with a sandboxing
 * Content-Security-Policy. Every answer carries {@code X-Content-Type-Options: nosniff}, so the declared type is
 * the one a browser uses, whatever the bytes look like. WebDAV and Nextcloud clients ignore these headers.
 */
public final class ContentPolicy {
    /** Types a browser shows without running anything of the content's in the page's origin. */
    private static final Set<String> INLINE = Set.of(
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "image/avif",
            "image/bmp",
            "image/x-icon",
            "image/vnd.microsoft.icon",
            "application/pdf",
            "text/plain",
            "audio/mpeg",
            "audio/ogg",
            "audio/flac",
            "audio/wav",
            "audio/webm",
            "video/mp4",
            "video/webm",
            "video/ogg");

    /** Attachments and inline media: nothing may load or run, and the document is a unique opaque origin. */
    static final String SANDBOX =
            "default-src 'none'; img-src 'self' data:; media-src 'self';" + " style-src 'unsafe-inline'; sandbox";
    /** PDF: the browser's viewer breaks in a sandbox; the document itself still may run no script. */
    static final String PDF = "default-src 'none'; object-src 'self'; img-src 'self' data:;"
            + " style-src 'unsafe-inline'; script-src 'none'; form-action 'none'; base-uri 'none'";

    private ContentPolicy() {}

    /**
     * The headers that go with stored content of type {@code mime} named {@code name} when it is opened (WebDAV
     * GET), in order: Content-Type, Content-Disposition, Content-Security-Policy, X-Content-Type-Options.
     */
    public static Map<String, String> headers(String mime, String name) {
        String type = essence(mime);
        return build(type, INLINE.contains(type), name);
    }

    /** The same for a download button: always saved, never shown, whatever the type. */
    public static Map<String, String> download(String mime, String name) {
        return build(essence(mime), false, name);
    }

    private static Map<String, String> build(String type, boolean inline, String name) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type); // bare and checked: no parameter of a client's reaches the browser
        h.put("Content-Disposition", (inline ? "inline" : "attachment") + filename(name));
        h.put("Content-Security-Policy", inline && type.equals("application/pdf") ? PDF : SANDBOX);
        h.put("X-Content-Type-Options", "nosniff");
        return h;
    }

    /** The bare type ({@code text/html}), lower case; anything malformed is {@code application/octet-stream}. */
    static String essence(String mime) {
        if (mime == null) {
            return "application/octet-stream";
        }
        int semi = mime.indexOf(';');
        String t = (semi < 0 ? mime : mime.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return t.length() < 100 && t.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+") ? t : "application/octet-stream";
    }

    /** RFC 6266 §4.3: an ASCII fallback, then the exact name in RFC 8187 (ex 5987) encoding; "" without a name. */
    public static String filename(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        StringBuilder ascii = new StringBuilder();
        StringBuilder ext = new StringBuilder();
        name.codePoints()
                .forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' ? (char) cp : '_'));
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                ext.append((char) c);
            } else {
                ext.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return "; filename=\"" + ascii + "\"; filename*=UTF-8''" + ext;
    }
}
