package org.kiste.web.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.kiste.web.Html;

/**
 * The texts of the web pages in one language: bundles {@code org/kiste/web/ui/messages/{bundle}_{lang}.properties}
 * (UTF-8), merged into one map for the page's context and read by the shell itself.
 */
final class UiMessages {
    private static final String BASE = "org.kiste.web.ui.messages.";

    private final String lang;
    private final Map<String, String> texts = new LinkedHashMap<>();

    UiMessages(String lang, List<String> bundles) {
        this.lang = lang;
        Locale locale = Locale.forLanguageTag(lang);
        for (String b : bundles) {
            ResourceBundle rb;
            try {
                rb = ResourceBundle.getBundle(
                        BASE + b,
                        locale,
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            } catch (MissingResourceException e) {
                continue; // a page module whose texts are not there yet shows its keys
            }
            for (String k : rb.keySet()) {
                texts.put(k, rb.getString(k));
            }
        }
    }

    String lang() {
        return lang;
    }

    Map<String, String> all() {
        return texts;
    }

    /** The text of {@code key} (the key itself when missing), HTML-escaped. */
    String html(String key) {
        return Html.escape(texts.getOrDefault(key, key));
    }
}
