package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/** The OCS envelope: v1 and v2, JSON and XML, success, unknown routes and missing or wrong logins. */
class OcsEnvelopeTest {
    private final TestServer s = TestServer.get();
    private final String login = s.newUser("ocs");
    private final Ocs ocs = new Ocs(s.dav(login));
    private final Ocs anonymous = new Ocs(s.anonymous());

    @Test
    void v1JsonSuccess() {
        Ocs.Answer a = ocs.json("v1.php/cloud/user");
        assertThat(a.http()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode meta = a.meta();
        assertThat(meta.path("status").asText()).isEqualTo("ok");
        assertThat(meta.path("statuscode").asInt()).isEqualTo(100);
        assertThat(meta.path("message").isTextual()).isTrue();
        assertThat(meta.path("message").asText()).isEqualTo("OK");
        assertThat(meta.path("totalitems").isTextual()).isTrue();
        assertThat(meta.path("itemsperpage").isTextual()).isTrue();
        assertThat(a.data().path("id").asText()).isEqualTo(login);
    }

    @Test
    void v2JsonSuccessByAcceptHeader() {
        Ocs.Answer a = ocs.get("v2.php/cloud/user", "Accept", "application/json, text/plain, */*");
        assertThat(a.http()).isEqualTo(200);
        assertThat(a.isJson()).isTrue();
        assertThat(a.meta().path("statuscode").asInt()).isEqualTo(200);
        assertThat(a.meta().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void xmlWithoutFormatOrAccept() {
        for (String v : new String[] {"v1.php", "v2.php"}) {
            Ocs.Answer a = ocs.get(v + "/cloud/capabilities");
            assertThat(a.http()).isEqualTo(200);
            assertThat(a.header("Content-Type")).startsWith("text/xml");
            assertThat(a.xml().getDocumentElement().getNodeName()).isEqualTo("ocs");
            assertThat(a.xpath("/ocs/meta/status")).isEqualTo("ok");
            assertThat(a.statuscode()).isEqualTo(v.equals("v1.php") ? 100 : 200);
            assertThat(a.xpath("/ocs/meta/message")).isEqualTo("OK");
            assertThat(a.xpath("/ocs/data/version/major")).isEqualTo("28");
            assertThat(a.xpath("/ocs/data/capabilities/dav/chunking")).isEqualTo("1.0");
            // list items are <element>, booleans 1 or empty, as Nextcloud writes them
            assertThat(a.xpath("/ocs/data/capabilities/files/blacklisted_files/element[1]"))
                    .isEqualTo(".htaccess");
            assertThat(a.xpath("/ocs/data/capabilities/checksums/supportedTypes/element[3]"))
                    .isEqualTo("SHA256");
            assertThat(a.xpath("/ocs/data/capabilities/files/bigfilechunking")).isEmpty();
            assertThat(a.xpath("/ocs/data/capabilities/files/versioning")).isEqualTo("1");
        }
        // ?format=xml wins over Accept
        assertThat(ocs.get("v2.php/cloud/user?format=xml", "Accept", "application/json")
                        .isJson())
                .isFalse();
    }

    @Test
    void xmlUserRecordRendersNestedObjectsAndNull() {
        Ocs.Answer a = ocs.get("v1.php/cloud/user");
        assertThat(a.xpath("/ocs/data/id")).isEqualTo(login);
        assertThat(a.xpath("/ocs/data/display-name")).isEqualTo(login);
        assertThat(a.xpath("/ocs/data/quota/quota")).isEqualTo("-3");
        assertThat(a.xpath("/ocs/data/email")).isEmpty();
        assertThat(a.xpath("/ocs/data/groups")).isEmpty();
    }

    @Test
    void unknownRouteIsNotFound() {
        Ocs.Answer v1 = ocs.json("v1.php/apps/nothing/here");
        assertThat(v1.http()).isEqualTo(200);
        assertThat(v1.meta().path("statuscode").asInt()).isEqualTo(998);
        assertThat(v1.meta().path("status").asText()).isEqualTo("failure");
        assertThat(v1.meta().path("message").isTextual()).isTrue();
        Ocs.Answer v2 = ocs.json("v2.php/apps/nothing/here");
        assertThat(v2.http()).isEqualTo(404);
        assertThat(v2.meta().path("statuscode").asInt()).isEqualTo(404);
        Ocs.Answer xml = ocs.get("v2.php/cloud");
        assertThat(xml.http()).isEqualTo(404);
        assertThat(xml.statuscode()).isEqualTo(404);
        // a known route with another method is not found either
        assertThat(ocs.send("DELETE", "v2.php/cloud/capabilities?format=json", null)
                        .http())
                .isEqualTo(404);
        assertThat(ocs.json("v1.php").meta().path("statuscode").asInt()).isEqualTo(998);
    }

    @Test
    void loginNeededIs401WithBasicChallenge() {
        Ocs.Answer v1 = anonymous.json("v1.php/cloud/user");
        assertThat(v1.http()).isEqualTo(401);
        assertThat(v1.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Kiste\", charset=\"UTF-8\"");
        assertThat(v1.meta().path("statuscode").asInt()).isEqualTo(997);
        assertThat(v1.meta().path("status").asText()).isEqualTo("failure");
        Ocs.Answer v2 = anonymous.json("v2.php/cloud/user");
        assertThat(v2.http()).isEqualTo(401);
        assertThat(v2.meta().path("statuscode").asInt()).isEqualTo(401);
        Ocs.Answer xml = anonymous.get("v1.php/cloud/user");
        assertThat(xml.http()).isEqualTo(401);
        assertThat(xml.statuscode()).isEqualTo(997);
    }

    @Test
    void wrongPasswordIs401EvenWhereLoginIsOptional() {
        Ocs wrong = new Ocs(s.dav(login).withPassword("not-it"));
        Ocs.Answer a = wrong.json("v2.php/cloud/capabilities");
        assertThat(a.http()).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).startsWith("Basic ");
        assertThat(wrong.json("v1.php/cloud/capabilities")
                        .meta()
                        .path("statuscode")
                        .asInt())
                .isEqualTo(997);
    }

    @Test
    void ocsApiRequestHeaderIsNotNeededAndCookiesAreIgnored() {
        assertThat(ocs.json("v2.php/cloud/user").http()).isEqualTo(200);
        assertThat(ocs.json("v2.php/cloud/user", "OCS-APIRequest", "true").http())
                .isEqualTo(200);
        Ocs.Answer withCookie = ocs.json(
                "v2.php/cloud/user", "Cookie", "nc_session_id=garbage; oc_sessionPassphrase=%%%; PHPSESSID=\u00ff");
        assertThat(withCookie.http()).isEqualTo(200);
        assertThat(withCookie.data().path("id").asText()).isEqualTo(login);
        // a cookie never stands in for credentials
        assertThat(anonymous
                        .json("v2.php/cloud/user", "Cookie", "nc_session_id=x")
                        .http())
                .isEqualTo(401);
    }

    @Test
    void jsonEnvelopeHasExactlyMetaAndData() throws Exception {
        JsonNode root = new ObjectMapper()
                .readTree(ocs.json("v2.php/cloud/capabilities").body());
        assertThat(root.fieldNames()).toIterable().containsExactly("ocs");
        assertThat(root.path("ocs").fieldNames()).toIterable().containsExactly("meta", "data");
        assertThat(root.path("ocs").path("meta").fieldNames())
                .toIterable()
                .containsExactly("status", "statuscode", "message", "totalitems", "itemsperpage");
    }

    @Test
    void servedBelowTheServletsOnlyAtOcsPhpPaths() {
        Dav d = s.dav(login);
        assertThat(d.send("GET", s.baseUrl + "/ocs/v3.php/cloud/user", null).statusCode())
                .isEqualTo(404);
    }
}
