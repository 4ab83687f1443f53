package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.files.Checksum;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.ContentDetails;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.Principal;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A Depth 1 listing reads the files' content details (blob storage keys and digests) only for an answer that writes
 * {@code oc:checksums}: asked for, the checksums of every listed file are there; not asked for, every other property
 * reads the same. A listing without the details gives blobs known by their id alone, which refuse to be read.
 */
class PropFindContentDetailsTest {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final String[] NAMED = {"getetag", "getlastmodified", "getcontentlength", "resourcetype"};
    private static final String EMPTY_LISTING =
            "SHA1:da39a3ee5e6b4b0d3255bfef95601890afd80709 MD5:d41d8cd98f00b204e9800998ecf8427e";

    private static final TestServer s = TestServer.get();
    private static Dav dav;
    private static String login;

    @BeforeAll
    static void folder() throws Exception {
        login = s.newUser("pfcd");
        dav = s.dav(login).in("listed");
        dav.mkcol("sub");
        dav.put("sub/inner.txt", "inside");
        dav.put("a.txt", "hello");
        dav.put("b.txt", "with md5", "OC-Checksum", "MD5:" + hex("MD5", "with md5"));
        dav.put("empty.txt", "");
        for (int i = 0; i < 30; i++) {
            dav.put("f" + i + ".bin", "content " + i);
        }
    }

    private static String hex(String algorithm, String content) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance(algorithm).digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static String[] with(String[] names, String... more) {
        List<String> all = new ArrayList<>(List.of(names));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aListingAskingForChecksumsGetsThemForEveryFile() throws Exception {
        MultiStatus ms = dav.props("", "1", with(NAMED, OC + "checksums"));
        assertThat(ms.responses).hasSize(1 + 1 + 3 + 30);
        String home = Dav.decode(dav.home());
        assertThat(ms.at(home + "a.txt").text(OC + "checksums")).isEqualTo("SHA1:" + hex("SHA-1", "hello"));
        assertThat(ms.at(home + "b.txt").text(OC + "checksums"))
                .isEqualTo("SHA1:" + hex("SHA-1", "with md5") + " MD5:" + hex("MD5", "with md5"));
        assertThat(ms.at(home + "empty.txt").text(OC + "checksums")).isEqualTo(EMPTY_LISTING);
        for (int i = 0; i < 30; i++) {
            assertThat(ms.at(home + "f" + i + ".bin").text(OC + "checksums"))
                    .isEqualTo("SHA1:" + hex("SHA-1", "content " + i));
        }
        assertThat(ms.at(home + "sub/").statusOf(OC + "checksums")).isEqualTo(404);
        assertThat(ms.self().statusOf(OC + "checksums")).isEqualTo(404);
    }

    @Test
    void aListingWithoutChecksumsAnswersTheOtherPropertiesTheSame() {
        MultiStatus without = dav.props("", "1", NAMED);
        MultiStatus withSums = dav.props("", "1", with(NAMED, OC + "checksums"));
        assertThat(values(without)).isEqualTo(values(withSums));
        assertThat(values(without)).hasSize(1 + 1 + 3 + 30);
        for (MultiStatus.Response r : without.responses) {
            assertThat(r.statusOf(OC + "checksums")).isZero();
        }
        // and the answer is the one with the checksums, without them
        assertThat(without.body).isEqualTo(withoutChecksums(withSums.body));
    }

    @Test
    void anAllpropIncludingChecksumsGetsThemInAListing() throws Exception {
        String body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
                + "<d:allprop/><d:include><oc:checksums/></d:include></d:propfind>";
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", body));
        String home = Dav.decode(dav.home());
        assertThat(ms.at(home + "a.txt").text(OC + "checksums")).isEqualTo("SHA1:" + hex("SHA-1", "hello"));
        assertThat(ms.at(home + "f7.bin").text(OC + "checksums")).isEqualTo("SHA1:" + hex("SHA-1", "content 7"));
        MultiStatus plain = MultiStatus.parse(dav.propfind("", "1", null));
        assertThat(plain.at(home + "a.txt").statusOf(OC + "checksums")).isZero();
        assertThat(plain.at(home + "a.txt").text("getetag"))
                .isEqualTo(ms.at(home + "a.txt").text("getetag"));
    }

    @Test
    void nodesListedWithoutContentDetailsKnowTheirBlobByIdAlone() throws Exception {
        FilesService files = s.backend.files();
        Principal p = s.users().find(login).orElseThrow().principal();
        Resolved folder = files.resolve(p, FilePath.parse("listed"));
        Map<String, Node> full = list(files, p, folder, null);
        Map<String, Node> bare = list(files, p, folder, ContentDetails.OMITTED);
        assertThat(bare.keySet()).isEqualTo(full.keySet());

        Node a = bare.get("a.txt");
        assertThat(a.blob().detailed()).isFalse();
        assertThat(a.blob().id()).isEqualTo(full.get("a.txt").blob().id());
        assertThatThrownBy(() -> a.blob().key()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.blob().lost()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Checksum.listing(a)).isInstanceOf(IllegalStateException.class);
        assertThat(full.get("a.txt").blob().detailed()).isTrue();
        assertThat(full.get("a.txt").blob().key()).isNotNull();
        assertThat(Checksum.listing(full.get("a.txt"))).isEqualTo("SHA1:" + hex("SHA-1", "hello"));
        // an empty file names no blob, however it is listed
        assertThat(bare.get("empty.txt").blob()).isNull();
        assertThat(Checksum.listing(bare.get("empty.txt"))).isEqualTo(EMPTY_LISTING);
        for (String name : full.keySet()) {
            Node f = full.get(name);
            Node b = bare.get(name);
            assertThat(b.blob() == null).as(name).isEqualTo(f.blob() == null);
            assertThat(new Node(
                            b.id(),
                            b.spaceId(),
                            b.parentId(),
                            b.name(),
                            b.kind(),
                            b.size(),
                            b.mtime(),
                            b.ctime(),
                            b.createdAt(),
                            b.etag(),
                            b.mime(),
                            f.blob()))
                    .as(name)
                    .isEqualTo(f);
        }
    }

    /** The folder's listing by name; {@code details} null: the listing every other caller uses. */
    private static Map<String, Node> list(FilesService files, Principal p, Resolved folder, ContentDetails details)
            throws Exception {
        Map<String, Node> out = new LinkedHashMap<>();
        FilesService.PageSink sink = page -> page.forEach(n -> out.put(n.name(), n));
        if (details == null) {
            files.list(p, folder, 7, sink);
        } else {
            files.list(p, folder, 7, details, sink);
        }
        return out;
    }

    /** Each response's href with the text of each of the named properties and the status it came with. */
    private static Map<String, List<String>> values(MultiStatus ms) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (MultiStatus.Response r : ms.responses) {
            List<String> v = new ArrayList<>();
            for (String name : NAMED) {
                int status = r.statusOf(name);
                v.add(name + " " + status + " " + (status == 200 ? r.text(name) : ""));
            }
            out.put(r.href(), v);
        }
        return out;
    }

    /** A multistatus with its oc:checksums elements, and propstats left empty by their removal, taken out. */
    private static String withoutChecksums(String body) {
        return body.replaceAll("<oc:checksums>.*?</oc:checksums>", "")
                .replace("<oc:checksums/>", "")
                .replaceAll("<d:propstat><d:prop></d:prop><d:status>[^<]*</d:status></d:propstat>", "");
    }
}
