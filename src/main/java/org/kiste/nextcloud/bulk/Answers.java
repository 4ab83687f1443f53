package org.kiste.nextcloud.bulk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of one bulk upload, one per file in the order of the parts; for a path sent twice, the place of its
 * first part and the answer of its last.
 */
final class Answers {
    private final Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();

    /** Keeps the place of a file's answer in the order of the parts. */
    synchronized void expect(String path) {
        byPath.putIfAbsent(path, null);
    }

    synchronized void put(String path, Map<String, Object> answer) {
        byPath.put(path, answer);
    }

    /** The answers given so far. */
    synchronized Map<String, Map<String, Object>> all() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        byPath.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
