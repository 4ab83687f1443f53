package org.kiste.web;

import java.util.List;
import java.util.Locale;

/** Picks the page language from {@code Accept-Language} (RFC 9110 §12.5.4, q-values honoured): German or English. */
public final class Language {
    public static final List<String> SUPPORTED = List.of("en", "de");
    public static final String DEFAULT = "en";

    private Language() {}

    public static Locale choose(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.forLanguageTag(DEFAULT);
        }
        try {
            // ranges come back sorted by weight; q=0 ranges are dropped; "de-DE" falls back to "de" (RFC 4647 §3.4)
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
            String tag = Locale.lookupTag(
                    ranges.stream().filter(r -> !r.getRange().equals("*")).toList(), SUPPORTED);
            return Locale.forLanguageTag(tag == null ? DEFAULT : tag);
        } catch (IllegalArgumentException e) {
            return Locale.forLanguageTag(DEFAULT);
        }
    }
}
