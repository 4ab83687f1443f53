package org.kiste.nextcloud.ocs;

import jakarta.servlet.http.HttpServletRequest;

/** JSON when asked for by {@code ?format=json} or {@code Accept: application/json}; XML otherwise (Nextcloud's rule). */
public enum OcsFormat {
    JSON("application/json; charset=utf-8"),
    XML("text/xml; charset=UTF-8");

    private final String contentType;

    OcsFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public static OcsFormat of(HttpServletRequest req) {
        String format = req.getParameter("format");
        if (format != null) {
            return format.equalsIgnoreCase("json") ? JSON : XML;
        }
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json") ? JSON : XML;
    }
}
