package org.kiste.nextcloud.ocs;

import java.util.ArrayList;
import java.util.List;

/**
 * A method and a route below {@code /ocs/v{1,2}.php/}, e.g. {@code cloud/users/{id}}, where a {@code {…}} segment
 * matches any one non-empty segment and is handed to the endpoint.
 */
public record OcsRoute(String method, List<String> segments, boolean needsLogin, OcsEndpoint endpoint) {

    public static OcsRoute of(String method, String pattern, boolean needsLogin, OcsEndpoint endpoint) {
        return new OcsRoute(method, List.of(pattern.split("/")), needsLogin, endpoint);
    }

    /** The values of the {@code {…}} segments when {@code path} matches, else null. */
    public List<String> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        List<String> params = new ArrayList<>(2);
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.startsWith("{")) {
                if (path.get(i).isEmpty()) {
                    return null;
                }
                params.add(path.get(i));
            } else if (!s.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }
}
