package org.kiste.web.login;

import java.util.Locale;
import java.util.ResourceBundle;

/** The login pages' texts in one language, from {@code messages_<lang>.properties} beside this class. */
final class Messages {
    private static final String BUNDLE = "org.kiste.web.login.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        // no fallback to the JVM's default locale: a language Kiste has is used, anything else is English
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static Messages forAcceptLanguage(String header) {
        return new Messages(Language.choose(header));
    }

    String lang() {
        return locale.getLanguage();
    }

    /** The text of {@code key}, HTML-escaped. */
    String html(String key) {
        return Html.escape(bundle.getString(key));
    }

    /** The text of {@code key}, HTML-escaped, with {@code {0}}, {@code {1}}… replaced by already safe HTML. */
    String html(String key, String... safeHtmlArgs) {
        String s = html(key);
        for (int i = 0; i < safeHtmlArgs.length; i++) {
            s = s.replace("{" + i + "}", safeHtmlArgs[i]);
        }
        return s;
    }
}
