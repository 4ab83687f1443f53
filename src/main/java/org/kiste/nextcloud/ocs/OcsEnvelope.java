package org.kiste.nextcloud.ocs;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the OCS envelope {@code {"ocs":{"meta":{…},"data":…}}} as JSON, or as {@code <ocs><meta>…</meta><data>…
 * </data></ocs>} the way Nextcloud renders it: an object's keys become elements, list items become
 * {@code <element>}, {@code true} is written {@code 1}, {@code false} and {@code null} are empty. Data is built from
 * maps, lists, strings, numbers, booleans and null.
 */
public final class OcsEnvelope {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private OcsEnvelope() {}

    public static void write(
            HttpServletResponse resp, OcsVersion version, OcsFormat format, int status, String message, Object data)
            throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        boolean ok = version.ok(status);
        meta.put("status", ok ? "ok" : "failure");
        meta.put("statuscode", version.statusCode(status));
        meta.put("message", message == null ? (ok ? "OK" : "") : message);
        meta.put("totalitems", "");
        meta.put("itemsperpage", "");
        Object body = data == null ? List.of() : data;
        byte[] bytes = format == OcsFormat.JSON ? json(meta, body) : xml(meta, body);
        resp.setStatus(version.httpStatus(status));
        resp.setContentType(format.contentType());
        resp.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static byte[] json(Map<String, Object> meta, Object data) throws IOException {
        Map<String, Object> ocs = new LinkedHashMap<>();
        ocs.put("meta", meta);
        ocs.put("data", data);
        return JSON.writeValueAsBytes(Map.of("ocs", ocs));
    }

    static byte[] xml(Map<String, Object> meta, Object data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("ocs");
            element(w, "meta", meta);
            element(w, "data", data);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value == null || Boolean.FALSE.equals(value)) {
            w.writeEmptyElement(name);
            return;
        }
        w.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                element(w, String.valueOf(e.getKey()), e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                element(w, "element", item);
            }
        } else {
            w.writeCharacters(text(value));
        }
        w.writeEndElement();
    }

    private static String text(Object value) {
        if (Boolean.TRUE.equals(value)) {
            return "1";
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue())
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return value.toString();
    }
}
