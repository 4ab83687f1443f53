package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** PROPFIND (RFC 4918 §9.1): depth, allprop, propname, named live properties and their formats. */
class PropFindTest {
    private static final TestServer s = TestServer.get();
    private static Dav dav;

    @BeforeAll
    static void tree() {
        dav = s.dav(s.newUser("pf")).in("t");
        dav.mkcol("dir");
        dav.mkcol("dir/sub");
        dav.put("dir/a.txt", "hello");
        dav.put("dir/sub/deep.txt", "deep");
    }

    private static QName dav(String local) {
        return new QName("DAV:", local);
    }

    @Test
    void depthZeroIsTheTargetAndDepthOneAddsDirectMembersOnly() {
        String base = Dav.decode(dav.home());
        assertThat(MultiStatus.parse(dav.propfind("dir", "0", null)).paths()).containsExactly(base + "dir/");
        assertThat(MultiStatus.parse(dav.propfind("dir", "1", null)).paths())
                .containsExactlyInAnyOrder(base + "dir/", base + "dir/a.txt", base + "dir/sub/");
        assertThat(MultiStatus.parse(dav.propfind("dir/a.txt", "1", null)).paths())
                .containsExactly(base + "dir/a.txt");
    }

    @Test
    void allpropOnAFile() {
        MultiStatus.Response r =
                MultiStatus.parse(dav.propfind("dir/a.txt", "0", null)).self();
        assertThat(r.names200())
                .contains(
                        dav("resourcetype"),
                        dav("getcontentlength"),
                        dav("getcontenttype"),
                        dav("getetag"),
                        dav("getlastmodified"),
                        dav("creationdate"));
        assertThat(r.prop(dav("resourcetype")).orElseThrow().getChildNodes().getLength())
                .isZero();
        assertThat(r.text("getcontentlength")).isEqualTo("5");
        assertThat(r.text("getcontenttype")).startsWith("text/plain");
        // RFC 9110 §5.6.7 IMF-fixdate and RFC 3339 creationdate
        Instant modified = DateTimeFormatter.RFC_1123_DATE_TIME.parse(r.text("getlastmodified"), Instant::from);
        assertThat(r.text("getlastmodified")).endsWith(" GMT");
        Instant created = Instant.parse(r.text("creationdate"));
        assertThat(modified)
                .isAfter(Instant.now().minusSeconds(3600))
                .isBefore(Instant.now().plusSeconds(60));
        assertThat(created).isAfter(Instant.now().minusSeconds(3600));
        assertThat(r.text("getlastmodified"))
                .isEqualTo(dav.get("dir/a.txt")
                        .headers()
                        .firstValue("Last-Modified")
                        .orElseThrow());
    }

    @Test
    void allpropOnAFolder() {
        MultiStatus.Response r =
                MultiStatus.parse(dav.propfind("dir", "0", null)).self();
        assertThat(r.prop(dav("resourcetype"))
                        .orElseThrow()
                        .getElementsByTagNameNS("DAV:", "collection")
                        .getLength())
                .isEqualTo(1);
        assertThat(r.names200())
                .contains(dav("getetag"), dav("getlastmodified"))
                .doesNotContain(dav("getcontentlength"));
        String explicit = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>";
        assertThat(MultiStatus.parse(dav.propfind("dir", "0", explicit)).self().names200())
                .containsAll(r.names200());
    }

    @Test
    void allpropWithIncludeAddsTheQuotaProperties() {
        String body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:allprop/><d:include>"
                + "<d:quota-used-bytes/><d:quota-available-bytes/></d:include></d:propfind>";
        MultiStatus.Response r =
                MultiStatus.parse(dav.propfind("dir", "0", body)).self();
        assertThat(r.text("quota-used-bytes")).isEqualTo("9");
        assertThat(Long.parseLong(r.text("quota-available-bytes"))).isPositive();
    }

    @Test
    void propnameListsNamesWithoutValues() {
        String body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:propname/></d:propfind>";
        MultiStatus ms = MultiStatus.parse(dav.propfind("dir", "1", body));
        MultiStatus.Response file = ms.at(Dav.decode(dav.home()) + "dir/a.txt");
        assertThat(file.names200()).contains(dav("getetag"), dav("getcontentlength"), dav("resourcetype"));
        assertThat(file.prop(dav("getetag")).orElseThrow().getTextContent()).isEmpty();
        assertThat(file.prop(dav("getcontentlength")).orElseThrow().getTextContent())
                .isEmpty();
        MultiStatus.Response folder = ms.self();
        assertThat(folder.names200()).contains(dav("getetag"), dav("quota-used-bytes"));
    }

    @Test
    void namedPropertiesOnly() {
        MultiStatus.Response r =
                dav.props("dir/a.txt", "0", "getetag", "getcontentlength").self();
        assertThat(r.names200()).containsExactlyInAnyOrder(dav("getetag"), dav("getcontentlength"));
        MultiStatus.Response folder =
                dav.props("dir", "0", "quota-used-bytes", "getcontentlength").self();
        assertThat(folder.text("quota-used-bytes")).isEqualTo("9");
        assertThat(folder.statusOf("getcontentlength")).isEqualTo(404);
    }

    @Test
    void theUsersRootReportsQuotaUsage() {
        Dav root = s.dav(dav.login);
        MultiStatus.Response r =
                root.props("", "0", "quota-used-bytes", "quota-available-bytes").self();
        assertThat(Long.parseLong(r.text("quota-used-bytes"))).isEqualTo(9);
        assertThat(Long.parseLong(r.text("quota-available-bytes"))).isPositive();
        assertThat(List.of(r.href())).containsExactly("/remote.php/dav/files/" + dav.login + "/");
    }

    @Test
    void badDepthOrBodyIs400() {
        assertThat(dav.propfind("dir", "2", null).statusCode()).isEqualTo(400);
        assertThat(dav.propfind("dir", "one", null).statusCode()).isEqualTo(400);
        assertThat(dav.propfind("dir", "0", "<d:propfind xmlns:d=\"DAV:\"/>").statusCode())
                .isEqualTo(400);
    }
}
