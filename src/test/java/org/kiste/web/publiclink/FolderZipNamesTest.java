package org.kiste.web.publiclink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.TestServer;

/** Zip entry names cannot steer an unpacker out of its folder, whatever names reached the store. */
class FolderZipNamesTest {
    @Test
    void separatorsDrivesDotSegmentsAndControlsAreReplaced() {
        assertThat(FolderZip.entryName("plain name.txt")).isEqualTo("plain name.txt");
        assertThat(FolderZip.entryName("ä ü 日本.txt")).isEqualTo("ä ü 日本.txt");
        assertThat(FolderZip.entryName("..\\..\\evil.bat")).isEqualTo(".._.._evil.bat");
        assertThat(FolderZip.entryName("C:evil.txt")).isEqualTo("C_evil.txt");
        assertThat(FolderZip.entryName("/etc/passwd")).isEqualTo("_etc_passwd");
        assertThat(FolderZip.entryName("..")).isEqualTo("___");
        assertThat(FolderZip.entryName(".")).isEqualTo("__");
        assertThat(FolderZip.entryName("")).isEqualTo("_");
        assertThat(FolderZip.entryName("a\nb\u0000c\u007fd\u0085e")).isEqualTo("a_b_c_d_e");
        // no result is ever a separator, a drive or a dot segment
        for (String hostile : new String[] {"..", "../x", "\\", "a:b", "/", "\u0001"}) {
            String s = FolderZip.entryName(hostile);
            assertThat(s).doesNotContain("/", "\\", ":").isNotIn("", ".", "..");
        }
    }

    @Test
    void aLinksZipNamesItsEntriesSafelyOverHttp() throws IOException {
        TestServer ts = TestServer.get();
        String owner = ts.newUser("zipn");
        Dav dav = ts.dav(owner);
        dav.mkcol("Z");
        dav.mkcol("Z/sub%3Adir");
        assertThat(dav.put("Z/a%3Ab.txt", "colon").statusCode()).isEqualTo(201);
        assertThat(dav.put("Z/..%5C..%5Cevil.bat", "backslash").statusCode()).isEqualTo(201);
        assertThat(dav.put("Z/sub%3Adir/x.txt", "deep").statusCode()).isEqualTo(201);
        Share link = new Links(ts).create(owner, "/Z", Links.READ, null);
        byte[] zip = new Browser()
                .getBytes(ts.baseUrl + "/s/" + link.token() + "/download")
                .body();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("Z/a_b.txt", "Z/.._.._evil.bat", "Z/sub_dir/", "Z/sub_dir/x.txt");
        for (String n : names) {
            assertThat(n).doesNotContain("\\", ":").doesNotStartWith("/");
            assertThat(List.of(n.split("/"))).doesNotContain("..", ".");
        }
    }
}
