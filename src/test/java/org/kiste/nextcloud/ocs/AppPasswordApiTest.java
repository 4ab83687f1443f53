package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.Account;
import org.kiste.model.AppPassword;
import org.kiste.testing.Dav;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** App passwords through the OCS API and as Basic passwords on WebDAV and OCS. */
class AppPasswordApiTest {
    private static final String CLIENT =
            "Mozilla/5.0 (Linux) mirall/3.7.3 (Nextcloud, debian-6.1 ClientArchitecture: x86_64)";
    private final TestServer s = TestServer.get();

    private String appPassword(Dav dav) {
        Ocs.Answer a = new Ocs(dav).json("v2.php/core/getapppassword", "OCS-APIRequest", "true", "User-Agent", CLIENT);
        assertThat(a.http()).as(a.body()).isEqualTo(200);
        String secret = a.data().path("apppassword").asText();
        assertThat(secret).matches("[A-Za-z0-9]{72}");
        return secret;
    }

    @Test
    void createUseAndRevokeThroughTheApi() {
        String login = s.newUser("app");
        Dav account = s.dav(login);
        String secret = appPassword(account);
        Dav device = account.withPassword(secret);

        assertThat(device.propfind("", "0", null).statusCode()).isEqualTo(207);
        assertThat(device.put("from-device.txt", "x").statusCode()).isEqualTo(201);
        assertThat(new Ocs(device).json("v1.php/cloud/user").data().path("id").asText())
                .isEqualTo(login);
        Account a = s.users().find(login).orElseThrow();
        List<AppPassword> listed = s.backend.appPasswords().list(a.id());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).name()).isEqualTo(CLIENT);
        assertThat(listed.get(0).lastUsedAt()).as("last use recorded").isNotNull();

        // an app password cannot make another one, and only an app password can revoke itself
        Ocs.Answer again = new Ocs(device).json("v2.php/core/getapppassword");
        assertThat(again.http()).isEqualTo(403);
        assertThat(new Ocs(device)
                        .json("v1.php/core/getapppassword")
                        .meta()
                        .path("statuscode")
                        .asInt())
                .isEqualTo(403);
        Ocs.Answer notByApp = new Ocs(account).send("DELETE", "v2.php/core/apppassword?format=json", null);
        assertThat(notByApp.http()).isEqualTo(403);
        assertThat(device.propfind("", "0", null).statusCode()).isEqualTo(207);

        Ocs.Answer revoked =
                new Ocs(device).send("DELETE", "v2.php/core/apppassword?format=json", null, "OCS-APIRequest", "true");
        assertThat(revoked.http()).isEqualTo(200);
        assertThat(revoked.meta().path("statuscode").asInt()).isEqualTo(200);
        awaitPropfind(device, 401);
        assertThat(new Ocs(device).json("v2.php/cloud/user").http()).isEqualTo(401);
        assertThat(s.backend.appPasswords().list(a.id())).isEmpty();
        // the account password is untouched
        assertThat(account.propfind("", "0", null).statusCode()).isEqualTo(207);
    }

    @Test
    void revokedElsewhereStopsWithinASecond() {
        String login = s.newUser("app");
        Dav device = s.dav(login).withPassword(appPassword(s.dav(login)));
        assertThat(device.propfind("", "0", null).statusCode()).isEqualTo(207);
        Account a = s.users().find(login).orElseThrow();
        long id = s.backend.appPasswords().list(a.id()).get(0).id();
        assertThat(s.backend.appPasswords().revoke(a.id(), id)).isTrue();
        awaitPropfind(device, 401);
    }

    @Test
    void tiedToItsUserAndRefusedForDisabledAccounts() {
        String login = s.newUser("app");
        String other = s.newUser("app");
        String secret = appPassword(s.dav(login));
        // someone else's login with this app password is no login
        assertThat(new Dav(s.baseUrl, other, secret).propfind("", "0", null).statusCode())
                .isEqualTo(401);
        assertThat(new Dav(s.baseUrl, "nobody-at-all", secret)
                        .propfind("", "0", null)
                        .statusCode())
                .isEqualTo(401);
        Dav device = s.dav(login).withPassword(secret);
        assertThat(device.propfind("", "0", null).statusCode()).isEqualTo(207);

        s.users().setEnabled(login, false);
        awaitPropfind(device, 401);
        s.users().setEnabled(login, true);
        awaitPropfind(device, 207);
    }

    @Test
    void garbageCookiesNeverBreakBasic() {
        String login = s.newUser("app");
        Dav device = s.dav(login).withPassword(appPassword(s.dav(login)));
        String[] cookies = {"nc_session_id=garbage", "oc_sessionPassphrase=%ZZ%; nc_token=;;; =x", "a"};
        for (String cookie : cookies) {
            assertThat(device.send("PROPFIND", device.url(""), null, "Depth", "0", "Cookie", cookie)
                            .statusCode())
                    .isEqualTo(207);
            assertThat(s.dav(login)
                            .send("PROPFIND", device.url(""), null, "Depth", "0", "Cookie", cookie)
                            .statusCode())
                    .isEqualTo(207);
            assertThat(new Ocs(device)
                            .json("v2.php/cloud/user", "Cookie", cookie)
                            .http())
                    .isEqualTo(200);
        }
    }

    @Test
    void anonymousGetsNoAppPassword() {
        Ocs.Answer a = new Ocs(s.anonymous()).json("v2.php/core/getapppassword");
        assertThat(a.http()).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).startsWith("Basic ");
        assertThat(new Ocs(s.anonymous())
                        .send("DELETE", "v1.php/core/apppassword?format=json", null)
                        .http())
                .isEqualTo(401);
    }

    /** Polls until a PROPFIND gives {@code status}, at most 3 s. */
    static void awaitPropfind(Dav dav, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int last;
        do {
            last = dav.propfind("", "0", null).statusCode();
            if (last == status) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        assertThat(last).as("PROPFIND status after 3 s").isEqualTo(status);
    }
}
