package org.kiste.web;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * A page family's texts in one language, from a bundle of {@code messages_<lang>.properties} files (e.g.
 * {@code org.kiste.web.login.messages} for the login pages).
 */
public final class Messages {
    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(String bundleName, Locale locale) {
        this.locale = locale;
        // no fallback to the JVM's default locale: a language Kiste has is used, anything else is English
        this.bundle = ResourceBundle.getBundle(
                bundleName,
                locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The texts of {@code bundleName} in the language {@code Accept-Language} prefers (German or English). */
    public static Messages forAcceptLanguage(String bundleName, String header) {
        return new Messages(bundleName, Language.choose(header));
    }

    public String lang() {
        return locale.getLanguage();
    }

    /** The text of {@code key}, HTML-escaped. */
    public String html(String key) {
        return Html.escape(bundle.getString(key));
    }

    /** The text of {@code key}, HTML-escaped, with {@code {0}}, {@code {1}}… replaced by already safe HTML. */
    public String html(String key, String... safeHtmlArgs) {
        String s = html(key);
        for (int i = 0; i < safeHtmlArgs.length; i++) {
            s = s.replace("{" + i + "}", safeHtmlArgs[i]);
        }
        return s;
    }
}
