package org.kiste.web.publiclink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
