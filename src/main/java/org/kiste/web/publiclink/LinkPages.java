package org.kiste.web.publiclink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.kiste.web.Html;
import org.kiste.web.Messages;

/**
 * The HTML of the public link pages: the password form, a file, a folder listing with its upload form, the
 * upload-only ("file drop") form, the thank-you page and the error page. Texts come from {@link Messages}; every
 * value from outside (names, owner, note, URLs, tokens) is escaped here.
 */
final class LinkPages {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;min-height:100vh;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
            "DejaVu Sans",sans-serif;background:linear-gradient(160deg,#1f4e79,#2f7fb8);color:#1d2733;
            display:flex;justify-content:center;align-items:flex-start;padding:4vh 0}
            main{background:#fff;width:min(52rem,94vw);padding:1.75rem 2rem;border-radius:12px;
            box-shadow:0 10px 30px rgba(0,0,0,.25)}
            main.narrow{width:min(26rem,92vw)}
            .brand{margin:0 0 1rem;font-size:1.1rem;letter-spacing:.08em;text-transform:uppercase;color:#1f4e79}
            h1{font-size:1.45rem;margin:0 0 .5rem;overflow-wrap:anywhere}
            h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
            .by,.meta{color:#52606d;margin:.25rem 0}
            .note{background:#f1f5f9;border-left:4px solid #2f7fb8;padding:.6rem .8rem;border-radius:4px;
            white-space:pre-wrap;overflow-wrap:anywhere}
            label{display:block;font-weight:600;margin:1rem 0 .3rem}
            input[type=password]{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #9aa8b6;border-radius:6px}
            input[type=file]{font:inherit;max-width:100%}
            input:focus,button:focus,a:focus{outline:3px solid #8cc4ef;outline-offset:1px}
            button,a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;
            color:#fff;background:#1f6fb2;border:0;border-radius:6px;cursor:pointer;text-decoration:none}
            button:hover,a.button:hover{background:#185a91}
            .narrow button{width:100%}
            table{width:100%;border-collapse:collapse;margin-top:.75rem}
            th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e3e8ee;vertical-align:top}
            th{font-size:.85rem;color:#52606d;font-weight:600}
            td.name{overflow-wrap:anywhere}
            td.num,th.num{text-align:right;white-space:nowrap}
            td.when{white-space:nowrap;color:#52606d}
            a{color:#1f6fb2}
            .folder::before{content:"\\1F4C1  "}
            .crumbs{margin:.25rem 0 .5rem;overflow-wrap:anywhere}
            .error{background:#fdecea;color:#8a1c12;border:1px solid #f5c2bd;padding:.6rem .8rem;border-radius:6px}
            .done{color:#1c6b2e}
            ul.names{padding-left:1.2rem;overflow-wrap:anywhere}
            """;
    private static final String STYLE = Html.style(CSS);

    /** One row of a folder listing; {@code href} opens a sub-folder, {@code download} fetches a file (or null). */
    record Entry(String name, boolean folder, long size, long mtime, String href, String download) {}

    private LinkPages() {}

    static String passwordForm(Messages m, String action, String csrf, boolean wrong) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(m.html("password.heading")).append("</h1>\n");
        b.append("<p>").append(m.html("password.text")).append("</p>\n");
        if (wrong) {
            b.append("<p class=\"error\" role=\"alert\">")
                    .append(m.html("password.wrong"))
                    .append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
        hidden(b, csrf);
        b.append("<label for=\"password\">").append(m.html("password.label")).append("</label>\n");
        b.append(
                "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"off\" required autofocus>\n");
        b.append("<button type=\"submit\">").append(m.html("password.submit")).append("</button>\n</form>\n");
        return page(m, m.html("password.heading"), b, true);
    }

    static String file(Messages m, String owner, String note, String name, long size, long mtime, String download) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(name)).append("</h1>\n");
        sharedBy(b, m, owner, note);
        b.append("<p class=\"meta\">")
                .append(m.html("file.size", Html.escape(size(size, m.lang()))))
                .append("<br>")
                .append(m.html("file.modified", Html.escape(when(mtime))))
                .append("</p>\n");
        if (download != null) {
            b.append("<a class=\"button\" href=\"")
                    .append(Html.escape(download))
                    .append("\" download>")
                    .append(m.html("download"))
                    .append("</a>\n");
        }
        return page(m, Html.escape(name), b, false);
    }

    /**
     * @param crumbs     the folder's path below the link, as (name, href) pairs; empty at the link's folder
     * @param upHref     the parent's page, or null at the link's folder
     * @param zip        the folder's zip download, or null when downloads are hidden
     * @param upload     the upload form's action, or null when the link does not allow uploads
     */
    static String folder(
            Messages m,
            String owner,
            String note,
            String title,
            List<String[]> crumbs,
            String upHref,
            List<Entry> entries,
            int truncatedAt,
            String zip,
            String upload,
            String csrf) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        sharedBy(b, m, owner, note);
        if (!crumbs.isEmpty()) {
            b.append("<p class=\"crumbs\">");
            for (String[] c : crumbs) {
                b.append(" / <a href=\"")
                        .append(Html.escape(c[1]))
                        .append("\">")
                        .append(Html.escape(c[0]))
                        .append("</a>");
            }
            b.append("</p>\n");
        }
        if (upHref != null) {
            b.append("<p><a href=\"")
                    .append(Html.escape(upHref))
                    .append("\">&larr; ")
                    .append(m.html("folder.up"))
                    .append("</a></p>\n");
        }
        if (entries.isEmpty()) {
            b.append("<p class=\"meta\">").append(m.html("folder.empty")).append("</p>\n");
        } else {
            b.append("<table>\n<thead><tr><th>")
                    .append(m.html("folder.name"))
                    .append("</th><th class=\"num\">")
                    .append(m.html("folder.size"))
                    .append("</th><th>")
                    .append(m.html("folder.modified"))
                    .append("</th><th></th></tr></thead>\n<tbody>\n");
            for (Entry e : entries) {
                b.append("<tr><td class=\"name\">");
                if (e.folder()) {
                    b.append("<a class=\"folder\" href=\"")
                            .append(Html.escape(e.href()))
                            .append("\">")
                            .append(Html.escape(e.name()))
                            .append("</a>");
                } else {
                    b.append(Html.escape(e.name()));
                }
                b.append("</td><td class=\"num\">")
                        .append(Html.escape(size(e.size(), m.lang())))
                        .append("</td><td class=\"when\">")
                        .append(Html.escape(when(e.mtime())))
                        .append("</td><td>");
                if (e.download() != null) {
                    b.append("<a href=\"")
                            .append(Html.escape(e.download()))
                            .append("\" download>")
                            .append(m.html("download"))
                            .append("</a>");
                }
                b.append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
            if (entries.size() >= truncatedAt) {
                b.append("<p class=\"meta\">")
                        .append(m.html("folder.truncated", Integer.toString(truncatedAt)))
                        .append("</p>\n");
            }
        }
        if (zip != null && !entries.isEmpty()) {
            b.append("<a class=\"button\" href=\"")
                    .append(Html.escape(zip))
                    .append("\" download>")
                    .append(m.html("download.all"))
                    .append("</a>\n");
        }
        if (upload != null) {
            b.append("<h2>").append(m.html("upload.heading")).append("</h2>\n");
            uploadForm(b, m, upload, csrf);
        }
        return page(m, Html.escape(title), b, false);
    }

    static String drop(Messages m, String owner, String note, String folderName, String upload, String csrf) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(m.html("drop.heading")).append("</h1>\n");
        sharedBy(b, m, owner, note);
        b.append("<p>")
                .append(m.html("drop.text", "<strong>" + Html.escape(folderName) + "</strong>"))
                .append("</p>\n");
        uploadForm(b, m, upload, csrf);
        return page(m, m.html("drop.heading"), b, true);
    }

    /** After an upload: the names as the visitor chose them (never the names they were stored under). */
    static String thanks(Messages m, List<String> names, String back) {
        StringBuilder b = new StringBuilder();
        b.append("<h1 class=\"done\">").append(m.html("done.heading")).append("</h1>\n");
        b.append("<p>").append(m.html("done.text")).append("</p>\n<ul class=\"names\">\n");
        for (String n : names) {
            b.append("<li>").append(Html.escape(n)).append("</li>\n");
        }
        b.append("</ul>\n<a class=\"button\" href=\"")
                .append(Html.escape(back))
                .append("\">")
                .append(m.html("done.more"))
                .append("</a>\n");
        return page(m, m.html("done.heading"), b, true);
    }

    /** An error page; {@code key} names its explanation ({@code error.*}); {@code arg} fills {0} (escaped here). */
    static String error(Messages m, String key, String arg) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(m.html("error.heading")).append("</h1>\n");
        b.append("<p class=\"error\" role=\"alert\">")
                .append(arg == null ? m.html(key) : m.html(key, Html.escape(arg)))
                .append("</p>\n");
        return page(m, m.html("error.heading"), b, true);
    }

    private static void sharedBy(StringBuilder b, Messages m, String owner, String note) {
        if (owner != null && !owner.isEmpty()) {
            b.append("<p class=\"by\">")
                    .append(m.html("shared.by", "<strong>" + Html.escape(owner) + "</strong>"))
                    .append("</p>\n");
        }
        if (note != null && !note.isBlank()) {
            b.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        }
    }

    private static void uploadForm(StringBuilder b, Messages m, String action, String csrf) {
        // the token goes in the address: the server checks it before it reads the body
        String withToken = action + (action.contains("?") ? "&" : "?") + "csrf="
                + java.net.URLEncoder.encode(csrf, java.nio.charset.StandardCharsets.UTF_8);
        b.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"")
                .append(Html.escape(withToken))
                .append("\">\n");
        b.append("<label for=\"files\">").append(m.html("upload.label")).append("</label>\n");
        b.append("<input type=\"file\" id=\"files\" name=\"files\" multiple required>\n<br>\n");
        b.append("<button type=\"submit\">").append(m.html("upload.submit")).append("</button>\n</form>\n");
    }

    private static void hidden(StringBuilder b, String csrf) {
        b.append("<input type=\"hidden\" name=\"csrf\" value=\"")
                .append(Html.escape(csrf))
                .append("\">\n");
    }

    /** Sizes in powers of 1024 with the language's decimal mark: {@code 1.5 MB} / {@code 1,5 MB}. */
    static String size(long bytes, String lang) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.forLanguageTag(lang), v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    private static String when(long epochMillis) {
        return WHEN.format(Instant.ofEpochMilli(epochMillis));
    }

    private static String page(Messages m, String titleHtml, StringBuilder main, boolean narrow) {
        return "<!DOCTYPE html>\n<html lang=\"" + Html.escape(m.lang()) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
                + "<title>" + titleHtml + " – Kiste</title>\n" + STYLE + "\n</head>\n<body>\n<main"
                + (narrow ? " class=\"narrow\"" : "") + ">\n<p class=\"brand\">Kiste</p>\n" + main
                + "</main>\n</body>\n</html>\n";
    }
}
