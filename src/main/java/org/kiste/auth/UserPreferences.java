package org.kiste.auth;

import java.util.List;
import java.util.Optional;
import org.kiste.store.Database;
import org.kiste.store.PreferenceRepository;

/**
 * What a user chose for themselves in the web pages. For now the page language: German or English; none chosen
 * means the browser's {@code Accept-Language} decides.
 */
public final class UserPreferences {
    public static final List<String> LANGUAGES = List.of("en", "de");
    static final String LANGUAGE = "language";

    private final Database db;
    private final PreferenceRepository rows = new PreferenceRepository();

    public UserPreferences(Database db) {
        this.db = db;
    }

    /** The language the user chose ({@code en} or {@code de}), empty when they chose none. */
    public Optional<String> language(long userId) {
        String value = db.read(c -> rows.value(c, userId, LANGUAGE));
        return Optional.ofNullable(value).filter(LANGUAGES::contains);
    }

    /**
     * Sets the user's language; null or empty clears the choice.
     *
     * @throws IllegalArgumentException for a language Kiste does not speak
     */
    public void setLanguage(long userId, String language) {
        if (language == null || language.isBlank()) {
            db.tx(c -> {
                rows.remove(c, userId, LANGUAGE);
                return null;
            });
            return;
        }
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("the language must be one of " + LANGUAGES);
        }
        db.tx(c -> {
            rows.put(c, userId, LANGUAGE, language);
            return null;
        });
    }
}
