package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** {@code cloud/capabilities}: what Kiste advertises, in the shape the desktop and Android parsers demand. */
class CapabilitiesTest {
    private final TestServer s = TestServer.get();

    @Test
    void versionEqualsStatusPhp() throws Exception {
        JsonNode status = new ObjectMapper()
                .readTree(s.anonymous()
                        .send("GET", s.baseUrl + "/status.php", null)
                        .body());
        JsonNode version =
                new Ocs(s.anonymous()).json("v2.php/cloud/capabilities").data().path("version");
        assertThat(version.path("string").asText())
                .isEqualTo(status.path("versionstring").asText());
        String[] parts = status.path("version").asText().split("\\.");
        assertThat(version.path("major").isInt()).isTrue();
        assertThat(version.path("major").asInt()).isEqualTo(Integer.parseInt(parts[0]));
        assertThat(version.path("minor").asInt()).isEqualTo(Integer.parseInt(parts[1]));
        assertThat(version.path("micro").asInt()).isEqualTo(Integer.parseInt(parts[2]));
        assertThat(version.path("edition").isTextual()).isTrue();
        assertThat(version.path("edition").asText()).isEmpty();
        assertThat(version.path("extendedSupport").isBoolean()).isTrue();
        assertThat(version.path("extendedSupport").asBoolean()).isFalse();
    }

    @Test
    void contentAndAndroidMandatoryKeys() {
        for (String v : new String[] {"v1.php", "v2.php"}) {
            Ocs.Answer a = new Ocs(s.dav(s.newUser("caps"))).json(v + "/cloud/capabilities");
            assertThat(a.http()).isEqualTo(200);
            JsonNode caps = a.data().path("capabilities");
            assertThat(caps.path("core").path("pollinterval").isInt()).isTrue();
            assertThat(caps.path("core").path("pollinterval").asInt()).isEqualTo(60);
            assertThat(caps.path("core").path("webdav-root").asText()).isEqualTo("remote.php/webdav");
            assertThat(caps.path("core").path("mod-rewrite-working").isBoolean())
                    .isTrue();
            assertThat(caps.path("dav").path("chunking").asText()).isEqualTo("1.0");
            // the old ownCloud chunking is not built (LegacyChunkingRefusedTest); the key stays for Android
            assertThat(caps.path("files").path("bigfilechunking").isBoolean()).isTrue();
            assertThat(caps.path("files").path("bigfilechunking").asBoolean()).isFalse();
            assertThat(caps.path("files").path("blacklisted_files").get(0).asText())
                    .isEqualTo(".htaccess");
            assertThat(caps.path("files").path("undelete").isBoolean()).isTrue();
            assertThat(caps.path("files").path("undelete").asBoolean()).isTrue();
            assertThat(caps.path("files").path("versioning").asBoolean()).isTrue();
            assertThat(caps.path("files").path("version_labeling").asBoolean()).isTrue();
            assertThat(caps.path("files").path("version_deletion").asBoolean()).isTrue();
            assertThat(caps.path("checksums").path("supportedTypes"))
                    .extracting(JsonNode::asText)
                    .containsExactly("SHA1", "MD5", "SHA256");
            assertThat(caps.path("checksums").path("preferredUploadType").asText())
                    .isEqualTo("SHA1");
            // sharing works: Android's keys that are mandatory once their parents are present
            JsonNode sharing = caps.path("files_sharing");
            assertThat(sharing.path("resharing").isBoolean()).isTrue();
            assertThat(sharing.path("public").path("enabled").isBoolean()).isTrue();
            assertThat(sharing.path("public").path("password").path("enforced").isBoolean())
                    .isTrue();
            assertThat(sharing.path("public")
                            .path("expire_date")
                            .path("enabled")
                            .isBoolean())
                    .isTrue();
            assertThat(sharing.path("user").path("send_mail").isBoolean()).isTrue();
            assertThat(sharing.path("federation").path("outgoing").isBoolean()).isTrue();
            assertThat(sharing.path("federation").path("incoming").isBoolean()).isTrue();
            // features without working endpoints are not advertised
            assertThat(caps.has("notifications")).isFalse();
            assertThat(caps.has("user_status")).isFalse();
            assertThat(caps.has("theming")).isFalse();
            // bulk upload works (POST /remote.php/dav/bulk); BulkUploadTest checks to which clients it is offered
            assertThat(caps.path("dav").path("bulkupload").asText()).isEqualTo("1.0");
            assertThat(caps.path("files").has("locking")).isFalse();
        }
    }

    @Test
    void anonymousGetsTheSameDocument() {
        String login = s.newUser("caps");
        JsonNode withLogin =
                new Ocs(s.dav(login)).json("v1.php/cloud/capabilities").data();
        Ocs.Answer anonymous = new Ocs(s.anonymous()).json("v1.php/cloud/capabilities");
        assertThat(anonymous.http()).isEqualTo(200);
        assertThat(anonymous.meta().path("statuscode").asInt()).isEqualTo(100);
        assertThat(anonymous.data()).isEqualTo(withLogin);
    }
}
