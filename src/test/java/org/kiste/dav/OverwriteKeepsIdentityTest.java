package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.OcsShares;
import org.kiste.testing.TestServer;

/**
 * A MOVE or COPY with {@code Overwrite: T} onto an existing file replaces only its content, as a PUT does: 204, the
 * destination keeps its file id, shares, link and favourite mark, and {@code OC-FileId} names it. After a MOVE the
 * source is gone; after a COPY it is unchanged. A folder over a file, or a file over a folder, replaces the
 * destination whole.
 */
class OverwriteKeepsIdentityTest {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final String FAVOURITE = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
            + "<d:set><d:prop><oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>";
    private final TestServer ts = TestServer.get();

    /** A destination file with a share to another user, a public link and the owner's favourite mark. */
    private record Destination(Dav owner, Dav recipient, String path, long fileId, long shareId, String linkToken) {}

    private Destination destination(String folder) {
        Dav owner = ts.dav(ts.newUser("ow")).in(folder);
        Dav recipient = ts.dav(ts.newUser("owr"));
        assertThat(owner.put("doc.txt", "old content").statusCode()).isEqualTo(201);
        String path = Dav.decode(owner.rel()) + "doc.txt";
        OcsShares shares = new OcsShares(owner);
        long shareId = shares.create(path, OcsShares.USER, recipient.login, 3)
                .path("id")
                .asLong();
        String link = shares.create(path, OcsShares.LINK, null, 1).path("token").asText();
        assertThat(owner.proppatch("doc.txt", FAVOURITE).statusCode()).isEqualTo(207);
        assertThat(recipient.get("doc.txt").body()).isEqualTo("old content");
        return new Destination(owner, recipient, path, fileId(owner, "doc.txt"), shareId, link);
    }

    private static long fileId(Dav dav, String path) {
        return Long.parseLong(dav.props(path, "0", OC + "fileid").self().text(OC + "fileid"));
    }

    /** Every part of the identity is checked, so a failure names all that was lost, not only the first. */
    private static void assertKept(Destination d, HttpResponse<String> r, String content) {
        assertThat(r.statusCode()).as(r.body()).isIn(201, 204);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.statusCode()).as("status of an overwrite").isEqualTo(204);
        soft.assertThat(Dav.nodeId(r)).as("OC-FileId").isEqualTo(d.fileId());
        soft.assertThat(d.owner().get("doc.txt").body()).isEqualTo(content);
        MultiStatus.Response props =
                d.owner().props("doc.txt", "0", OC + "fileid", OC + "favorite").self();
        soft.assertThat(Long.parseLong(props.text(OC + "fileid"))).as("file id").isEqualTo(d.fileId());
        soft.assertThat(props.text(OC + "favorite")).as("favourite").isEqualTo("1");
        List<JsonNode> shares = new OcsShares(d.owner()).of(d.path());
        soft.assertThat(shares)
                .extracting(n -> n.path("id").asLong())
                .as("user share")
                .contains(d.shareId());
        soft.assertThat(shares)
                .extracting(n -> n.path("token").asText())
                .as("link")
                .contains(d.linkToken());
        HttpResponse<String> seen = d.recipient().get("doc.txt");
        soft.assertThat(seen.statusCode())
                .as("the recipient still has the file")
                .isEqualTo(200);
        soft.assertThat(seen.body()).as("the recipient reads the new content").isEqualTo(content);
        soft.assertAll();
    }

    @Test
    void moveOverAFileKeepsTheDestinationsIdentity() {
        Destination d = destination("move-over");
        assertThat(d.owner().put("new.txt", "moved content").statusCode()).isEqualTo(201);
        HttpResponse<String> r = d.owner().move("new.txt", "doc.txt", "Overwrite", "T");
        assertKept(d, r, "moved content");
        assertThat(d.owner().get("new.txt").statusCode())
                .as("the source is gone")
                .isEqualTo(404);
    }

    @Test
    void copyOverAFileKeepsTheDestinationsIdentityAndTheSource() {
        Destination d = destination("copy-over");
        assertThat(d.owner().put("new.txt", "copied content").statusCode()).isEqualTo(201);
        long sourceId = fileId(d.owner(), "new.txt");
        HttpResponse<String> r = d.owner().copy("new.txt", "doc.txt", "Overwrite", "T");
        assertKept(d, r, "copied content");
        assertThat(d.owner().get("new.txt").body()).isEqualTo("copied content");
        assertThat(fileId(d.owner(), "new.txt")).isEqualTo(sourceId);
    }

    @Test
    void aFolderOverAFileOrAFileOverAFolderReplacesTheDestinationWhole() {
        Dav dav = ts.dav(ts.newUser("ow")).in("whole");
        assertThat(dav.put("file.txt", "file").statusCode()).isEqualTo(201);
        assertThat(dav.mkcol("dir").statusCode()).isEqualTo(201);
        assertThat(dav.put("dir/inside.txt", "inside").statusCode()).isEqualTo(201);
        long fileBefore = fileId(dav, "file.txt");
        long dirId = fileId(dav, "dir");

        assertThat(dav.move("dir", "file.txt", "Overwrite", "T").statusCode()).isEqualTo(204);
        assertThat(fileId(dav, "file.txt")).isNotEqualTo(fileBefore).isEqualTo(dirId);
        assertThat(dav.get("file.txt/inside.txt").body()).isEqualTo("inside");
        assertThat(isCollection(dav, "file.txt")).isTrue();

        assertThat(dav.put("plain.txt", "plain").statusCode()).isEqualTo(201);
        long plainId = fileId(dav, "plain.txt");
        assertThat(dav.copy("plain.txt", "file.txt", "Overwrite", "T").statusCode())
                .isEqualTo(204);
        assertThat(fileId(dav, "file.txt")).isNotEqualTo(dirId).isNotEqualTo(plainId);
        assertThat(dav.get("file.txt").body()).isEqualTo("plain");
        assertThat(dav.get("file.txt/inside.txt").statusCode()).isEqualTo(404);
        assertThat(isCollection(dav, "file.txt")).isFalse();

        assertThat(dav.mkcol("dir2").statusCode()).isEqualTo(201);
        long dir2 = fileId(dav, "dir2");
        assertThat(dav.move("plain.txt", "dir2", "Overwrite", "T").statusCode()).isEqualTo(204);
        assertThat(fileId(dav, "dir2")).isNotEqualTo(dir2).isEqualTo(plainId);
        assertThat(isCollection(dav, "dir2")).isFalse();
        assertThat(dav.get("dir2").body()).isEqualTo("plain");
    }

    private static boolean isCollection(Dav dav, String path) {
        return dav.props(path, "0", "resourcetype")
                        .self()
                        .prop(MultiStatus.clark("resourcetype"))
                        .orElseThrow()
                        .getElementsByTagNameNS("DAV:", "collection")
                        .getLength()
                == 1;
    }
}
