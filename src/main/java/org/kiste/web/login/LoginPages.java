package org.kiste.web.login;

import org.kiste.web.Html;
import org.kiste.web.Messages;

/**
 * The HTML of the login flow pages: a login form, the "Grant access?" question, the closing message and the
 * error page. Texts come from {@link Messages}; every value from outside (client name, user name, URLs, tokens)
 * is escaped here.
 */
final class LoginPages {
    private static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
            font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;
            background:linear-gradient(160deg,#1f4e79,#2f7fb8);color:#1d2733}
            main{background:#fff;width:min(26rem,92vw);padding:2rem 2.25rem;border-radius:12px;
            box-shadow:0 10px 30px rgba(0,0,0,.25)}
            .brand{margin:0 0 1.25rem;font-size:1.1rem;letter-spacing:.08em;text-transform:uppercase;color:#1f4e79}
            h1{font-size:1.45rem;margin:0 0 .75rem}
            .client{background:#f1f5f9;border-left:4px solid #2f7fb8;padding:.6rem .8rem;border-radius:4px;
            overflow-wrap:anywhere}
            label{display:block;font-weight:600;margin:1rem 0 .3rem}
            input[type=text],input[type=password]{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #9aa8b6;
            border-radius:6px}
            input:focus,button:focus{outline:3px solid #8cc4ef;outline-offset:1px}
            button{margin-top:1.4rem;width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;
            background:#1f6fb2;border:0;border-radius:6px;cursor:pointer}
            button:hover{background:#185a91}
            .error{background:#fdecea;color:#8a1c12;border:1px solid #f5c2bd;padding:.6rem .8rem;border-radius:6px}
            .hint{color:#52606d;font-size:.9rem;margin-top:1.25rem}
            .done{color:#1c6b2e}
            """;
    private static final String STYLE = Html.style(CSS);

    private LoginPages() {}

    static String loginForm(Messages m, String client, String action, String csrf, String user, boolean wrong) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(m.html("login.heading")).append("</h1>\n");
        b.append("<p class=\"client\">")
                .append(m.html("login.client", strong(client)))
                .append("</p>\n");
        if (wrong) {
            b.append("<p class=\"error\" role=\"alert\">")
                    .append(m.html("login.wrong"))
                    .append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
        hidden(b, csrf);
        b.append("<label for=\"user\">").append(m.html("login.user")).append("</label>\n");
        b.append("<input type=\"text\" id=\"user\" name=\"user\" autocomplete=\"username\" autocapitalize=\"none\""
                        + " spellcheck=\"false\" required maxlength=\"64\" value=\"")
                .append(Html.escape(user))
                .append('"')
                .append(user.isEmpty() ? " autofocus" : "")
                .append(">\n");
        b.append("<label for=\"password\">").append(m.html("login.password")).append("</label>\n");
        b.append(
                        "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required")
                .append(user.isEmpty() ? "" : " autofocus")
                .append(">\n");
        b.append("<button type=\"submit\">").append(m.html("login.submit")).append("</button>\n</form>\n");
        b.append("<p class=\"hint\">").append(m.html("login.hint")).append("</p>\n");
        return page(m, m.html("login.heading"), b);
    }

    static String grant(Messages m, String client, String login, String action, String csrf) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(m.html("grant.heading")).append("</h1>\n");
        b.append("<p>").append(m.html("grant.who", strong(login))).append("</p>\n");
        b.append("<p class=\"client\">")
                .append(m.html("grant.client", strong(client)))
                .append("</p>\n");
        b.append("<form method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
        hidden(b, csrf);
        b.append("<button type=\"submit\">").append(m.html("grant.submit")).append("</button>\n</form>\n");
        return page(m, m.html("grant.heading"), b);
    }

    static String done(Messages m, String client) {
        StringBuilder b = new StringBuilder();
        b.append("<h1 class=\"done\">").append(m.html("done.heading")).append("</h1>\n");
        b.append("<p>").append(m.html("done.text", strong(client))).append("</p>\n");
        return page(m, m.html("done.heading"), b);
    }

    /** An error page; {@code key} names its explanation ({@code error.*}). */
    static String error(Messages m, String key) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(m.html("error.heading")).append("</h1>\n");
        b.append("<p class=\"error\" role=\"alert\">").append(m.html(key)).append("</p>\n");
        return page(m, m.html("error.heading"), b);
    }

    private static String strong(String text) {
        return "<strong>" + Html.escape(text) + "</strong>";
    }

    private static void hidden(StringBuilder b, String csrf) {
        b.append("<input type=\"hidden\" name=\"csrf\" value=\"")
                .append(Html.escape(csrf))
                .append("\">\n");
    }

    private static String page(Messages m, String titleHtml, StringBuilder main) {
        return "<!DOCTYPE html>\n<html lang=\"" + Html.escape(m.lang()) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n"
                + "<title>" + titleHtml + " – Kiste</title>\n" + STYLE + "\n</head>\n<body>\n<main>\n"
                + "<p class=\"brand\">Kiste</p>\n" + main + "</main>\n</body>\n</html>\n";
    }
}
