package org.kiste.nextcloud.ocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.util.UrlEncoded;
import org.kiste.model.Principal;

/** One OCS call: the HTTP request, its version, the authenticated principal (if any) and the route's parameters. */
public final class OcsRequest {
    /** OCS bodies are a few fields; anything larger is refused rather than buffered. */
    static final int MAX_BODY = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServletRequest http;
    private final OcsVersion version;
    private final Principal principal;
    private final List<String> params;
    private Map<String, String> fields;

    OcsRequest(HttpServletRequest http, OcsVersion version, Principal principal, List<String> params) {
        this.http = http;
        this.version = version;
        this.principal = principal;
        this.params = params;
    }

    public HttpServletRequest http() {
        return http;
    }

    public OcsVersion version() {
        return version;
    }

    /** The authenticated principal; routes that need a login never run without one. */
    public Principal principal() {
        if (principal == null) {
            throw OcsException.unauthorised();
        }
        return principal;
    }

    public boolean anonymous() {
        return principal == null;
    }

    /** The value of the route's {@code index}-th {@code {…}} segment. */
    public String param(int index) {
        return params.get(index);
    }

    public String userAgent() {
        return http.getHeader("User-Agent");
    }

    /**
     * A named field: from the query string on {@code GET} (and other safe methods), from the body only on methods
     * that change something, so a link can never carry what a call changes. The body may be a form ({@code
     * key=password&value=…}, with or without its content type, as Nextcloud's clients send) or a JSON object.
     */
    public String field(String name) throws IOException {
        if (fields == null) {
            fields = readFields();
        }
        return fields.get(name);
    }

    private Map<String, String> readFields() throws IOException {
        Map<String, String> out = new HashMap<>();
        String method = http.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            String query = http.getQueryString();
            if (query != null) {
                decodeForm(query, out);
            }
            return out;
        }
        byte[] body = readBody();
        if (body.length == 0) {
            return out;
        }
        String type = http.getContentType() == null ? "" : http.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (IOException e) {
                throw OcsException.badRequest("the body is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                throw OcsException.badRequest("the body must be a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            }
        } else {
            decodeForm(new String(body, StandardCharsets.UTF_8), out);
        }
        return out;
    }

    /** Decodes a form; the first value of a repeated name counts. */
    private static void decodeForm(String form, Map<String, String> out) {
        try {
            UrlEncoded.decodeTo(form, out::putIfAbsent, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OcsException.badRequest("the fields are not a valid form");
        }
    }

    private byte[] readBody() throws IOException {
        long declared = http.getContentLengthLong();
        if (declared > MAX_BODY) {
            throw OcsException.badRequest("the body is larger than " + MAX_BODY + " bytes");
        }
        try (InputStream in = http.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw OcsException.badRequest("the body is larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }
}
