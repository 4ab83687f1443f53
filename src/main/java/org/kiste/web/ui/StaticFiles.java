package org.kiste.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code /ui/static/{name}}: the stylesheet and ES modules of the web pages, read once from the jar. Each answer
 * has an ETag (the SHA-256 of its bytes) and is revalidated on every use, so a new version of Kiste is picked up
 * at once while unchanged files cost a 304. Only flat names of known types exist; anything else is a 404. Only
 * files that exist are kept, so names that do not cannot fill the memory. Each answer forbids sniffing and has a
 * Content-Security-Policy of its own, so a file opened by itself runs nothing and loads nothing from elsewhere.
 */
final class StaticFiles {
    private static final String ROOT = "/org/kiste/web/ui/static/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(js|css|svg)");
    private static final Map<String, String> TYPES =
            Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private record File(byte[] bytes, String etag, String type) {}

    /** The policy of a file opened by itself; a page's policy governs the modules and stylesheets it loads. */
    static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; sandbox";

    /** The files found so far: never a miss, so it holds at most the files in the jar. */
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /** Answers the request for {@code name}; false when there is no such file (nothing was sent). */
    boolean serve(String name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            return false;
        }
        File file = files.get(name);
        if (file == null) {
            Optional<File> loaded = load(name);
            if (loaded.isEmpty()) {
                return false;
            }
            file = loaded.get();
            files.putIfAbsent(name, file);
        }
        resp.setHeader("ETag", file.etag());
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", POLICY);
        String seen = req.getHeader("If-None-Match");
        if (seen != null && seen.contains(file.etag())) {
            resp.setStatus(304);
            return true;
        }
        resp.setStatus(200);
        resp.setContentType(file.type());
        resp.setContentLength(file.bytes().length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(file.bytes());
        }
        return true;
    }

    private static Optional<File> load(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String hash = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new File(bytes, "\"" + hash.substring(0, 22) + "\"", type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
