package org.kiste.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.Ocs;

/** For the sharing tests: the sharing API over real HTTP, and a user's root listing. */
final class Sharing {
    static final String API = "apps/files_sharing/api/v1/shares";

    private Sharing() {}

    static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** POST …/shares (v2, JSON answer) with form fields. */
    static Ocs.Answer post(Dav dav, String... fields) {
        return new Ocs(dav)
                .send(
                        "POST",
                        "v2.php/" + API + "?format=json",
                        form(fields),
                        "OCS-APIRequest",
                        "true",
                        "Content-Type",
                        "application/x-www-form-urlencoded");
    }

    /** A share that must be created; returns its object. */
    static JsonNode share(Dav dav, String path, int type, String with, Integer permissions) {
        Ocs.Answer a = permissions == null
                ? post(dav, "path", path, "shareType", Integer.toString(type), "shareWith", with == null ? "" : with)
                : post(
                        dav,
                        "path",
                        path,
                        "shareType",
                        Integer.toString(type),
                        "shareWith",
                        with == null ? "" : with,
                        "permissions",
                        Integer.toString(permissions));
        assertThat(a.http()).as(a.body()).isEqualTo(200);
        return a.data();
    }

    static Ocs.Answer send(Dav dav, String method, String route, String body) {
        return new Ocs(dav)
                .send(
                        method,
                        "v2.php/" + API + route + (route.contains("?") ? "&" : "?") + "format=json",
                        body,
                        "OCS-APIRequest",
                        "true",
                        "Content-Type",
                        "application/x-www-form-urlencoded");
    }

    /** The names in the user's root folder. */
    static List<String> rootNames(Dav dav) {
        String prefix = "/remote.php/dav/files/" + dav.login + "/";
        return MultiStatus.parse(dav.propfind("", "1", null)).paths().stream()
                .filter(p -> !p.equals(prefix))
                .map(p -> p.substring(prefix.length()).replaceAll("/$", ""))
                .collect(Collectors.toList());
    }
}
