package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.w3c.dom.Element;

/** PROPPATCH stores any dead property and PROPFIND returns it, in every form; properties follow MOVE and COPY. */
class PropPatchTest {
    private static final String SET_ALL = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:x=\"urn:example:props\" xmlns:o=\"http://owncloud.org/ns\"><d:set><d:prop>"
            + "<x:color>blue &amp; &lt;green&gt;</x:color>"
            + "<x:unicode>Grüße 日本語 😀</x:unicode>"
            + "<x:tree><x:leaf n=\"1\">one</x:leaf><y:other xmlns:y=\"urn:example:other\" y:attr=\"a&quot;b\">two</y:other></x:tree>"
            + "<plain xmlns=\"\">no namespace</plain>"
            + "<o:favorite>1</o:favorite>"
            + "<d:displayname>Shown</d:displayname>"
            + "<z:empty xmlns:z=\"urn:example:z\"/>"
            + "</d:prop></d:set></d:propertyupdate>";

    private static final QName COLOR = new QName("urn:example:props", "color");
    private static final QName UNICODE = new QName("urn:example:props", "unicode");
    private static final QName TREE = new QName("urn:example:props", "tree");
    private static final QName PLAIN = new QName("", "plain");
    private static final QName FAVORITE = new QName("http://owncloud.org/ns", "favorite");
    private static final QName DISPLAYNAME = new QName("DAV:", "displayname");
    private static final QName EMPTY = new QName("urn:example:z", "empty");

    private static final String[] NAMES = {
        "{urn:example:props}color",
        "{urn:example:props}unicode",
        "{urn:example:props}tree",
        "{}plain",
        "{http://owncloud.org/ns}favorite",
        "displayname",
        "{urn:example:z}empty"
    };

    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("pp"));
    }

    @Test
    void deadPropertiesInAnyNamespaceRoundTripInEveryPropfindForm() {
        Dav dav = me.in("pp");
        dav.mkcol("dir");
        dav.put("dir/f.txt", "content");
        HttpResponse<String> patched = dav.proppatch("dir/f.txt", SET_ALL);
        assertThat(patched.statusCode()).isEqualTo(207);
        MultiStatus.Response pr = MultiStatus.parse(patched).self();
        assertThat(pr.propstats()).extracting(MultiStatus.PropStat::status).containsOnly(200);
        assertThat(pr.names200()).contains(COLOR, UNICODE, TREE, PLAIN, FAVORITE, DISPLAYNAME, EMPTY);

        // by name, Depth 0
        assertValues(dav.props("dir/f.txt", "0", NAMES).self());
        // by name, Depth 1 on the parent
        MultiStatus list = dav.props("dir", "1", NAMES);
        assertValues(list.at(dav.home() + "dir/f.txt"));
        MultiStatus.Response folder = list.at(dav.home() + "dir/");
        assertThat(folder.statusOf(COLOR)).isEqualTo(404);
        // allprop (RFC 4918 §9.1: dead properties are included)
        String allprop = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>";
        // (oc:favorite is the user's own mark, a computed property: allprop leaves it out, as Nextcloud does)
        assertDeadValues(
                MultiStatus.parse(dav.propfind("dir/f.txt", "0", allprop)).self());
        assertDeadValues(MultiStatus.parse(dav.propfind("dir/f.txt", "0", null)).self());
        assertDeadValues(MultiStatus.parse(dav.propfind("dir", "1", allprop)).at(dav.home() + "dir/f.txt"));
        // propname: names only, empty elements
        String propname = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:propname/></d:propfind>";
        MultiStatus.Response names =
                MultiStatus.parse(dav.propfind("dir/f.txt", "0", propname)).self();
        assertThat(names.names200())
                .contains(COLOR, UNICODE, TREE, PLAIN, FAVORITE, DISPLAYNAME, EMPTY, new QName("DAV:", "getetag"));
        assertThat(names.prop(COLOR).orElseThrow().getTextContent()).isEmpty();
        assertThat(names.prop(TREE).orElseThrow().getChildNodes().getLength()).isZero();
    }

    private static void assertValues(MultiStatus.Response r) {
        assertThat(r.text(FAVORITE)).isEqualTo("1");
        assertDeadValues(r);
    }

    private static void assertDeadValues(MultiStatus.Response r) {
        assertThat(r.text(COLOR)).isEqualTo("blue & <green>");
        assertThat(r.text(UNICODE)).isEqualTo("Grüße 日本語 😀");
        assertThat(r.text(PLAIN)).isEqualTo("no namespace");
        assertThat(r.text(DISPLAYNAME)).isEqualTo("Shown");
        assertThat(r.prop(EMPTY)).isPresent();
        assertThat(r.text(EMPTY)).isEmpty();
        Element tree = r.prop(TREE).orElseThrow();
        Element leaf = (Element)
                tree.getElementsByTagNameNS("urn:example:props", "leaf").item(0);
        assertThat(leaf).isNotNull();
        assertThat(leaf.getTextContent()).isEqualTo("one");
        assertThat(leaf.getAttribute("n")).isEqualTo("1");
        Element other = (Element)
                tree.getElementsByTagNameNS("urn:example:other", "other").item(0);
        assertThat(other).isNotNull();
        assertThat(other.getTextContent()).isEqualTo("two");
        assertThat(other.getAttributeNS("urn:example:other", "attr")).isEqualTo("a\"b");
    }

    @Test
    void setReplacesAndRemoveDeletes() {
        Dav dav = me.in("pprm");
        dav.put("f.txt", "x");
        assertThat(dav.proppatch(
                                "f.txt",
                                set("<x:a xmlns:x=\"urn:a\">1</x:a><x:b xmlns:x=\"urn:a\">2</x:b>"
                                        + "<y:a xmlns:y=\"urn:b\">other-ns</y:a>"))
                        .statusCode())
                .isEqualTo(207);
        assertThat(dav.proppatch("f.txt", set("<x:a xmlns:x=\"urn:a\">replaced</x:a>"))
                        .statusCode())
                .isEqualTo(207);
        MultiStatus.Response r =
                dav.props("f.txt", "0", "{urn:a}a", "{urn:a}b", "{urn:b}a").self();
        assertThat(r.text("{urn:a}a")).isEqualTo("replaced");
        assertThat(r.text("{urn:a}b")).isEqualTo("2");
        assertThat(r.text("{urn:b}a")).isEqualTo("other-ns"); // same local name, other namespace: another property

        String remove = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:remove><d:prop>"
                + "<x:a xmlns:x=\"urn:a\"/></d:prop></d:remove></d:propertyupdate>";
        HttpResponse<String> removed = dav.proppatch("f.txt", remove);
        assertThat(removed.statusCode()).isEqualTo(207);
        assertThat(MultiStatus.parse(removed).self().statusOf("{urn:a}a")).isEqualTo(200);
        r = dav.props("f.txt", "0", "{urn:a}a", "{urn:a}b", "{urn:b}a").self();
        assertThat(r.statusOf("{urn:a}a")).isEqualTo(404);
        assertThat(r.text("{urn:a}b")).isEqualTo("2");
        assertThat(r.text("{urn:b}a")).isEqualTo("other-ns");
        // removing what is not there succeeds (RFC 4918 §14.23)
        assertThat(dav.proppatch("f.txt", remove).statusCode()).isEqualTo(207);
    }

    @Test
    void protectedPropertiesFailTheWholeRequest() {
        Dav dav = me.in("ppprot");
        dav.put("f.txt", "x");
        HttpResponse<String> r =
                dav.proppatch("f.txt", set("<x:ok xmlns:x=\"urn:a\">1</x:ok><d:getetag>\"forged\"</d:getetag>"));
        assertThat(r.statusCode()).isEqualTo(207);
        MultiStatus.Response resp = MultiStatus.parse(r).self();
        assertThat(resp.statusOf("getetag")).isEqualTo(403);
        assertThat(resp.statusOf("{urn:a}ok")).isEqualTo(424);
        // all or nothing (RFC 4918 §9.2)
        assertThat(dav.props("f.txt", "0", "{urn:a}ok").self().statusOf("{urn:a}ok"))
                .isEqualTo(404);
    }

    @Test
    void propertiesOfFoldersAndTheRootAreStoredToo() {
        Dav dav = me.in("ppdir");
        dav.mkcol("d");
        assertThat(dav.proppatch("d", set("<x:label xmlns:x=\"urn:a\">folder</x:label>"))
                        .statusCode())
                .isEqualTo(207);
        assertThat(dav.proppatch("", set("<x:label xmlns:x=\"urn:a\">root</x:label>"))
                        .statusCode())
                .isEqualTo(207);
        assertThat(dav.props("d", "0", "{urn:a}label").self().text("{urn:a}label"))
                .isEqualTo("folder");
        MultiStatus list = dav.props("", "1", "{urn:a}label");
        assertThat(list.self().text("{urn:a}label")).isEqualTo("root");
        assertThat(list.at(dav.home() + "d/").text("{urn:a}label")).isEqualTo("folder");
    }

    @Test
    void proppatchOnAMissingPathIs404() {
        Dav dav = me.in("ppmiss");
        assertThat(dav.proppatch("missing.txt", set("<x:a xmlns:x=\"urn:a\">1</x:a>"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void deadPropertiesFollowMoveAndAreCopiedByCopy() {
        Dav dav = me.in("ppmv");
        dav.mkcol("src");
        dav.put("src/f.txt", "x");
        dav.proppatch("src", set("<x:tag xmlns:x=\"urn:a\">on-folder</x:tag>"));
        dav.proppatch("src/f.txt", set("<x:tag xmlns:x=\"urn:a\">on-file</x:tag>"));

        assertThat(dav.copy("src", "copied").statusCode()).isEqualTo(201);
        assertThat(dav.copy("src/f.txt", "single-copy.txt").statusCode()).isEqualTo(201);
        assertThat(dav.move("src", "moved").statusCode()).isEqualTo(201);
        assertThat(dav.move("moved/f.txt", "moved/renamed.txt").statusCode()).isEqualTo(201);

        assertThat(dav.props("moved", "0", "{urn:a}tag").self().text("{urn:a}tag"))
                .isEqualTo("on-folder");
        assertThat(dav.props("moved/renamed.txt", "0", "{urn:a}tag").self().text("{urn:a}tag"))
                .isEqualTo("on-file");
        assertThat(dav.props("copied", "0", "{urn:a}tag").self().text("{urn:a}tag"))
                .isEqualTo("on-folder");
        assertThat(dav.props("copied/f.txt", "0", "{urn:a}tag").self().text("{urn:a}tag"))
                .isEqualTo("on-file");
        assertThat(dav.props("single-copy.txt", "0", "{urn:a}tag").self().text("{urn:a}tag"))
                .isEqualTo("on-file");

        // a copy's properties are its own
        dav.proppatch("copied/f.txt", set("<x:tag xmlns:x=\"urn:a\">changed-on-copy</x:tag>"));
        assertThat(dav.props("moved/renamed.txt", "0", "{urn:a}tag").self().text("{urn:a}tag"))
                .isEqualTo("on-file");
    }

    @Test
    void settingTheModificationTimeChangesGetlastmodified() {
        Dav dav = me.in("ppmtime");
        dav.put("f.txt", "x");
        HttpResponse<String> r =
                dav.proppatch("f.txt", set("<d:getlastmodified>Tue, 02 Jan 2001 03:04:05 GMT</d:getlastmodified>"));
        assertThat(r.statusCode()).isEqualTo(207);
        assertThat(dav.props("f.txt", "0", "getlastmodified").self().text("getlastmodified"))
                .isEqualTo("Tue, 02 Jan 2001 03:04:05 GMT");
    }

    static String set(String props) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop>" + props
                + "</d:prop></d:set></d:propertyupdate>";
    }
}
