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
        // from the query string only: reading parameters would consume a POST body the endpoint reads itself
        String format = null;
        String query = req.getQueryString();
        if (query != null) {
            java.util.Map<String, String> fields = new java.util.HashMap<>();
            try {
                org.eclipse.jetty.util.UrlEncoded.decodeTo(
                        query, fields::putIfAbsent, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // an undecodable query string asks for no format
            }
            format = fields.get("format");
        }
        if (format != null) {
            return format.equalsIgnoreCase("json") ? JSON : XML;
        }
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json") ? JSON : XML;
    }
}
