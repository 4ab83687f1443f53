package org.kiste.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

/** A file's versions over Nextcloud's versions WebDAV API, as a client sees them. */
public final class VersionsDav {
    public static final String NC = "{http://nextcloud.org/ns}";
    private static final String PROPS = "<d:propfind xmlns:d=\"DAV:\" xmlns:nc=\"http://nextcloud.org/ns\"><d:prop>"
            + "<d:getcontentlength/><d:getcontenttype/><d:getlastmodified/><d:getetag/>"
            + "<nc:version-label/><nc:version-author/></d:prop></d:propfind>";

    private final Dav dav;

    public VersionsDav(Dav dav) {
        this.dav = dav;
    }

    public String fileUrl(long fileId) {
        return dav.baseUrl + "/remote.php/dav/versions/" + dav.login + "/versions/" + fileId + "/";
    }

    public HttpResponse<String> propfind(long fileId) {
        return dav.send("PROPFIND", fileUrl(fileId), PROPS, "Depth", "1", "Content-Type", "application/xml");
    }

    /** The versions listed (the collection's own response, which comes first, left out), newest first. */
    public List<MultiStatus.Response> list(long fileId) {
        HttpResponse<String> r = propfind(fileId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
        MultiStatus ms = MultiStatus.parse(r);
        assertThat(ms.self().href()).endsWith("/versions/" + fileId + "/");
        return ms.responses.subList(1, ms.responses.size());
    }

    /** The contents of the listed versions, newest first. */
    public List<String> contents(long fileId) {
        return list(fileId).stream()
                .map(v -> dav.send("GET", dav.baseUrl + v.href(), null).body())
                .toList();
    }

    public HttpResponse<String> restore(MultiStatus.Response version, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Destination";
        all[1] = dav.baseUrl + "/remote.php/dav/versions/" + dav.login + "/restore/target";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return dav.send("MOVE", dav.baseUrl + version.href(), null, all);
    }

    public HttpResponse<String> label(MultiStatus.Response version, String label) {
        return dav.send(
                "PROPPATCH",
                dav.baseUrl + version.href(),
                "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:nc=\"http://nextcloud.org/ns\"><d:set><d:prop>"
                        + "<nc:version-label>" + label + "</nc:version-label></d:prop></d:set></d:propertyupdate>",
                "Content-Type",
                "application/xml");
    }
}
