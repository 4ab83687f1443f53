package org.kiste.files;

import java.net.FileNameMap;
import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** Content types derived from file names (what clients expect back, whatever they sent on upload). */
public final class MimeTypes {
    private static final FileNameMap JDK = URLConnection.getFileNameMap();
    private static final Map<String, String> EXTRA = Map.ofEntries(
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("odp", "application/vnd.oasis.opendocument.presentation"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("md", "text/markdown"),
            Map.entry("json", "application/json"),
            Map.entry("webp", "image/webp"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("flac", "audio/flac"),
            Map.entry("heic", "image/heic"));

    private MimeTypes() {}

    public static String forName(String name, String clientType) {
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
            String t = EXTRA.get(ext);
            if (t != null) {
                return t;
            }
            t = JDK.getContentTypeFor("x." + ext);
            if (t != null) {
                return t;
            }
        }
        if (clientType != null && clientType.matches("[\\w.+-]+/[\\w.+-]+") && clientType.length() < 100) {
            return clientType;
        }
        return "application/octet-stream";
    }
}
