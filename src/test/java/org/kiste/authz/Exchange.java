package org.kiste.authz;

import java.net.http.HttpResponse;

/** A request made for a row and its answer, kept to quote as evidence when the row fails. */
record Exchange(String request, String requestBody, int status, String headers, String body) {
    static Exchange of(HttpResponse<String> r, String requestBody) {
        String dest = r.request()
                .headers()
                .firstValue("Destination")
                .map(d -> " (Destination: " + d + ")")
                .orElse("");
        String auth = r.request().headers().firstValue("Authorization").isPresent() ? "" : " (no credentials)";
        return new Exchange(
                r.request().method() + " " + r.uri() + dest + auth,
                requestBody == null ? "" : requestBody,
                r.statusCode(),
                r.headers().map().toString(),
                r.body() == null ? "" : r.body());
    }

    /** Everything the caller can read: headers and body. */
    String visible() {
        return headers + "\n" + body;
    }

    String evidence() {
        String b = body.length() > 600 ? body.substring(0, 600) + "…" : body;
        return request + " → " + status + " " + b.replace('\n', ' ');
    }
}
