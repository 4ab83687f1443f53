package org.kiste.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares made and read through the Nextcloud sharing API ({@code files_sharing/api/v1/shares}) over real HTTP, for
 * tests outside the sharing package that check what an operation does to the shares of a file.
 */
public final class OcsShares {
    private static final String API = "v2.php/apps/files_sharing/api/v1/shares";
    /** Nextcloud's share types. */
    public static final int USER = 0;

    public static final int LINK = 3;

    private final Dav owner;

    public OcsShares(Dav owner) {
        this.owner = owner;
    }

    /** Creates a share of {@code path} (decoded, from the owner's root) and returns its JSON object. */
    public JsonNode create(String path, int type, String with, int permissions) {
        String form = "path=" + form(path) + "&shareType=" + type + "&permissions=" + permissions
                + (with == null ? "" : "&shareWith=" + form(with));
        Ocs.Answer a = new Ocs(owner)
                .send(
                        "POST",
                        API + "?format=json",
                        form,
                        "OCS-APIRequest",
                        "true",
                        "Content-Type",
                        "application/x-www-form-urlencoded");
        assertThat(a.http()).as("share %s: %s", path, a.body()).isEqualTo(200);
        return a.data();
    }

    /** The owner's shares of exactly {@code path}. */
    public List<JsonNode> of(String path) {
        Ocs.Answer a = new Ocs(owner).get(API + "?format=json&path=" + form(path), "OCS-APIRequest", "true");
        assertThat(a.http()).as("shares of %s: %s", path, a.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        a.data().forEach(out::add);
        return out;
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
