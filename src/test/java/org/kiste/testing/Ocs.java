package org.kiste.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/** OCS calls for tests: {@code /ocs/<route>} with the credentials of a {@link Dav} client, answers parsed. */
public final class Ocs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dav dav;

    public Ocs(Dav dav) {
        this.dav = dav;
    }

    /** An answer: HTTP status and headers, the body parsed as JSON or XML according to its content type. */
    public record Answer(HttpResponse<String> response) {
        public int http() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public boolean isJson() {
            return header("Content-Type").startsWith("application/json");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        public JsonNode meta() {
            return json().path("ocs").path("meta");
        }

        public JsonNode data() {
            return json().path("ocs").path("data");
        }

        public Document xml() {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                return f.newDocumentBuilder()
                        .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("not XML: " + response.body(), e);
            }
        }

        /** The text of an XPath in the XML body, e.g. {@code /ocs/meta/statuscode}; null when absent. */
        public String xpath(String expression) {
            try {
                Node n = (Node) XPathFactory.newInstance().newXPath().evaluate(expression, xml(), XPathConstants.NODE);
                return n == null ? null : n.getTextContent();
            } catch (XPathExpressionException e) {
                throw new AssertionError(e);
            }
        }

        /** {@code meta.statuscode}, whichever the format. */
        public int statuscode() {
            return isJson() ? meta().path("statuscode").asInt(-1) : Integer.parseInt(xpath("/ocs/meta/statuscode"));
        }

        public String body() {
            return response.body();
        }
    }

    /**
     * {@code route} is below {@code /ocs/}, e.g. {@code v2.php/cloud/user?format=json}; {@code OCS-APIRequest: true}
     * is added unless {@code headers} name it, as every Nextcloud client sends it.
     */
    public Answer send(String method, String route, String body, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("OCS-APIRequest")) {
                return bare(method, route, body, headers);
            }
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "OCS-APIRequest";
        all[headers.length + 1] = "true";
        return bare(method, route, body, all);
    }

    /** Exactly the headers given, as a cross-site form would send. */
    public Answer bare(String method, String route, String body, String... headers) {
        return new Answer(dav.send(method, dav.baseUrl + "/ocs/" + route, body, headers));
    }

    public Answer get(String route, String... headers) {
        return send("GET", route, null, headers);
    }

    /** GET with {@code ?format=json} (or {@code &format=json}). */
    public Answer json(String route, String... headers) {
        return get(route + (route.contains("?") ? "&" : "?") + "format=json", headers);
    }
}
