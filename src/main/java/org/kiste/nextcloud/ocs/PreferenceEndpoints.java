package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kiste.auth.UserPreferences;

/**
 * The caller's own preferences: {@code GET apps/kiste/api/v1/preferences} answers {@code {"language": "de"}} (empty
 * when none is chosen), {@code PUT} with {@code language} ({@code en}, {@code de} or empty to follow the browser)
 * sets it.
 */
public final class PreferenceEndpoints {
    private final UserPreferences preferences;

    public PreferenceEndpoints(UserPreferences preferences) {
        this.preferences = preferences;
    }

    public Object get(OcsRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("language", preferences.language(r.principal().userId()).orElse(""));
        m.put("languages", UserPreferences.LANGUAGES);
        return m;
    }

    public Object set(OcsRequest r) throws IOException {
        long userId = r.principal().userId();
        if (r.principal().isLinkVisitor()) {
            throw OcsException.forbidden("Not allowed");
        }
        String language = r.field("language");
        if (language == null) {
            throw OcsException.badRequest("the field 'language' is missing");
        }
        try {
            preferences.setLanguage(userId, language.strip());
        } catch (IllegalArgumentException e) {
            throw OcsException.badRequest(e.getMessage());
        }
        return get(r);
    }
}
