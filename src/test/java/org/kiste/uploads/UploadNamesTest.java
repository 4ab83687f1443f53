package org.kiste.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kiste.model.BadRequestException;

/** Transfer ids and chunk names: what the clients send is accepted, nothing that could leave its folder is. */
class UploadNamesTest {
    @Test
    void clientNamesAreAccepted() {
        for (String n : new String[] {
            "2334819847",
            "8F0C6C57-6A4B-4D0E-9C4E-2E2F3C0B1A7D",
            "rclone-chunked-upload-0123456789abcdef0123456789abcdef",
            "0000000000000000",
            "000001",
            "1",
            "000000000000000-000000010485759",
            "Übergröße ✓",
            ".hidden",
            "a.b"
        }) {
            assertThat(UploadNames.require("name", n)).isEqualTo(n);
            assertThat(UploadNames.fromDisk(UploadNames.toDisk(n))).isEqualTo(n);
            assertThat(UploadNames.toDisk(n)).matches("[A-Za-z0-9%._~-]+");
        }
    }

    @Test
    void escapesAreRefused() {
        for (String n : new String[] {"", ".", "..", "a..b", "a/b", "a\\b", "a\0b", "tab\there", "x".repeat(241)}) {
            assertThatThrownBy(() -> UploadNames.require("name", n)).as(n).isInstanceOf(BadRequestException.class);
        }
        assertThatThrownBy(() -> UploadNames.requireChunk(".file")).isInstanceOf(BadRequestException.class);
        assertThat(UploadNames.require("name", "x".repeat(240))).hasSize(240);
    }
}
