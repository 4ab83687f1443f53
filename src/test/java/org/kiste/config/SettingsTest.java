package org.kiste.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void environmentWinsOverTheFile() {
        Settings s = new Settings(Map.of("port", "9000", "db.url", "jdbc:x"), Map.of("KISTE_PORT", "9100"));
        assertThat(s.getInt("port", 8080)).isEqualTo(9100);
        assertThat(s.get("db.url")).contains("jdbc:x");
        assertThat(Settings.envName("dav.max-xml-body")).isEqualTo("KISTE_DAV_MAX_XML_BODY");
    }

    @Test
    void blankValuesCountAsAbsent() {
        Settings s = new Settings(Map.of("db.url", "  "), Map.of("KISTE_ADMIN_PASSWORD", ""));
        assertThat(s.get("db.url")).isEmpty();
        assertThat(s.get("admin.password")).isEmpty();
    }

    @Test
    void switchesAreTrueOrFalseAndNothingElse() {
        Settings s = new Settings(Map.of("http.sendfile", "FALSE"), Map.of());
        assertThat(s.getBoolean("http.sendfile", true)).isFalse();
        assertThat(new Settings(Map.of(), Map.of()).getBoolean("http.sendfile", true))
                .isTrue();
        assertThat(new Settings(Map.of("http.sendfile", "false"), Map.of("KISTE_HTTP_SENDFILE", "True"))
                        .getBoolean("http.sendfile", false))
                .isTrue();
        assertThatThrownBy(() ->
                        new Settings(Map.of(), Map.of("KISTE_HTTP_SENDFILE", "off")).getBoolean("http.sendfile", true))
                .hasMessageContaining("KISTE_HTTP_SENDFILE")
                .hasMessageContaining("'off'");
    }

    @Test
    void publicUrlGivesTheContextPath() {
        KisteConfig c = KisteConfig.from(
                new Settings(Map.of(), Map.of("KISTE_PUBLIC_URL", "https://files.example.org/kiste/")));
        assertThat(c.contextPath()).isEqualTo("/kiste");
        KisteConfig root =
                KisteConfig.from(new Settings(Map.of(), Map.of("KISTE_PUBLIC_URL", "https://files.example.org")));
        assertThat(root.contextPath()).isEmpty();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> KisteConfig.from(new Settings(Map.of(), Map.of("KISTE_PORT", "eighty"))))
                .hasMessageContaining("KISTE_PORT");
        assertThatThrownBy(() -> KisteConfig.from(new Settings(Map.of(), Map.of("KISTE_PUBLIC_URL", "files"))))
                .hasMessageContaining("KISTE_PUBLIC_URL");
    }

    @Test
    void uploadsMaxAgeIsHoursFromTheFileOrTheEnvironment() {
        assertThat(KisteConfig.from(new Settings(Map.of(), Map.of())).uploadsMaxAgeHours())
                .isEqualTo(24);
        assertThat(KisteConfig.from(new Settings(Map.of("uploads.max-age", "48"), Map.of()))
                        .uploadsMaxAgeHours())
                .isEqualTo(48);
        assertThat(KisteConfig.from(new Settings(Map.of("uploads.max-age", "48"), Map.of("KISTE_UPLOADS_MAX_AGE", "6")))
                        .uploadsMaxAgeHours())
                .isEqualTo(6);
        assertThatThrownBy(() -> KisteConfig.from(new Settings(Map.of(), Map.of("KISTE_UPLOADS_MAX_AGE", "0"))))
                .hasMessageContaining("KISTE_UPLOADS_MAX_AGE");
    }
}
