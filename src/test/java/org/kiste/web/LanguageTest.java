package org.kiste.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {
    @Test
    void qValuesDecideBetweenGermanAndEnglish() {
        assertThat(Language.choose(null).getLanguage()).isEqualTo("en");
        assertThat(Language.choose("").getLanguage()).isEqualTo("en");
        assertThat(Language.choose("de").getLanguage()).isEqualTo("de");
        assertThat(Language.choose("de-AT").getLanguage()).isEqualTo("de");
        assertThat(Language.choose("de-CH;q=0.3, en;q=0.2").getLanguage()).isEqualTo("de");
        assertThat(Language.choose("en;q=0.8, de;q=0.9").getLanguage()).isEqualTo("de");
        assertThat(Language.choose("de;q=0.8, en;q=0.9").getLanguage()).isEqualTo("en");
        assertThat(Language.choose("de;q=0").getLanguage()).isEqualTo("en");
        assertThat(Language.choose("fr-FR, fr;q=0.9, de;q=0.5").getLanguage()).isEqualTo("de");
        assertThat(Language.choose("*").getLanguage()).isEqualTo("en");
        assertThat(Language.choose("de;q=nonsense").getLanguage()).isEqualTo("en");
    }

    @Test
    void bothBundlesHaveTheSameKeys() {
        var en = java.util.ResourceBundle.getBundle("org.kiste.web.login.messages", java.util.Locale.ENGLISH);
        var de = java.util.ResourceBundle.getBundle("org.kiste.web.login.messages", java.util.Locale.GERMAN);
        assertThat(de.keySet()).isEqualTo(en.keySet());
        assertThat(Messages.forAcceptLanguage("org.kiste.web.login.messages", "de")
                        .html("login.submit"))
                .isEqualTo("Anmelden");
        assertThat(Messages.forAcceptLanguage("org.kiste.web.login.messages", "en")
                        .html("login.submit"))
                .isEqualTo("Log in");
    }

    @Test
    void htmlEscapesEverythingThatCouldLeaveTextOrAnAttribute() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("Grüße ✓")).isEqualTo("Grüße ✓");
    }
}
