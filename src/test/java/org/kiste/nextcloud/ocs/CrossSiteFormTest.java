package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/**
 * A browser sends its cached Basic credentials with a cross-site form, which can set no header: OCS calls that
 * change something are refused without {@code OCS-APIRequest: true}, and take their fields only from the body.
 */
class CrossSiteFormTest {
    private static final String FOLDERS = "v2.php/apps/kiste/api/v1/teamfolders";
    private final TestServer s = TestServer.get();

    private String newAdmin() {
        String login = "csf" + System.nanoTime() % 10_000_000;
        s.users().add(login, "pw-" + login, true, null, null, -1);
        return login;
    }

    @Test
    void aTextPlainFormCannotGrantATeamFolder() {
        String admin = newAdmin();
        String mallory = s.newUser("mal");
        Ocs ocs = new Ocs(s.dav(admin));
        String f = "csf" + System.nanoTime() % 10_000_000;
        assertThat(ocs.send(
                                "POST",
                                FOLDERS + "?format=json",
                                "name=" + f,
                                "Content-Type",
                                "application/x-www-form-urlencoded")
                        .http())
                .isEqualTo(200);
        String grant = FOLDERS + "/" + f + "/grants?format=json&type=user&subject=" + mallory + "&role=manager";

        Ocs.Answer form = ocs.bare(
                "PUT", grant, "x=1&type=user&subject=" + mallory + "&role=manager", "Content-Type", "text/plain");
        assertThat(form.http()).isEqualTo(401);
        assertThat(form.meta().path("message").asText()).contains("OCS-APIRequest");
        assertThat(form.header("WWW-Authenticate")).isNull();
        Ocs.Answer post = ocs.bare("POST", grant, "", "Content-Type", "text/plain");
        assertThat(post.http()).isEqualTo(401);

        // with the header, the query string still carries no field of a call that changes something
        assertThat(ocs.send("PUT", grant, "", "Content-Type", "text/plain").http())
                .isEqualTo(400);
        assertThat(s.backend.teamFolders().find(f).orElseThrow().toString()).doesNotContain(mallory);
        assertThat(ocs.json(FOLDERS).body()).doesNotContain(mallory);

        // the body carries them
        assertThat(ocs.send(
                                "PUT",
                                FOLDERS + "/" + f + "/grants?format=json",
                                "type=user&subject=" + mallory + "&role=viewer",
                                "Content-Type",
                                "application/x-www-form-urlencoded")
                        .http())
                .isEqualTo(200);
        assertThat(ocs.json(FOLDERS).body()).contains(mallory);
    }

    @Test
    void anAppPasswordIsNotHandedOutWithoutTheHeader() {
        String user = s.newUser("csg");
        Ocs ocs = new Ocs(s.dav(user));
        Ocs.Answer bare = ocs.bare("GET", "v2.php/core/getapppassword?format=json", null);
        assertThat(bare.http()).isEqualTo(401);
        assertThat(bare.body()).doesNotContain("apppassword\"");
        assertThat(ocs.json("v2.php/core/getapppassword").http()).isEqualTo(200);
        // a plain read needs no header
        assertThat(ocs.bare("GET", "v2.php/cloud/user?format=json", null).http())
                .isEqualTo(200);
    }
}
