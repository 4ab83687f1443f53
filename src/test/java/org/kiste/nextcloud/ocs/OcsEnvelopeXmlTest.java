package org.kiste.nextcloud.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The XML form of the envelope, byte for byte where Nextcloud's clients could care. */
class OcsEnvelopeXmlTest {
    private static Map<String, Object> meta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("status", "ok");
        meta.put("statuscode", 100);
        meta.put("message", "OK");
        meta.put("totalitems", "");
        meta.put("itemsperpage", "");
        return meta;
    }

    @Test
    void nestedObjectsListsScalarsAndEscaping() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", "a&b<c>");
        data.put("email", null);
        data.put("enabled", true);
        data.put("undelete", false);
        data.put("relative", 12.5);
        data.put("zero", 0.0);
        data.put("quota", -3L);
        data.put("groups", List.of());
        data.put("types", List.of("SHA1", "MD5"));
        data.put("nested", Map.of("k", List.of(Map.of("x", 1))));
        String xml = new String(OcsEnvelope.xml(meta(), data), StandardCharsets.UTF_8);
        assertThat(xml)
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ocs><meta><status>ok</status>"
                        + "<statuscode>100</statuscode><message>OK</message><totalitems></totalitems>"
                        + "<itemsperpage></itemsperpage></meta>");
        assertThat(xml)
                .contains(
                        "<id>a&amp;b&lt;c&gt;</id>",
                        "<email/>",
                        "<enabled>1</enabled>",
                        "<undelete/>",
                        "<relative>12.5</relative>",
                        "<zero>0</zero>",
                        "<quota>-3</quota>",
                        "<groups></groups>",
                        "<types><element>SHA1</element><element>MD5</element></types>",
                        "<nested><k><element><x>1</x></element></k></nested>");
        assertThat(xml).endsWith("</data></ocs>\n");
    }

    @Test
    void emptyDataIsAnEmptyList() throws Exception {
        String json = new String(OcsEnvelope.json(meta(), List.of()), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo("{\"ocs\":{\"meta\":{\"status\":\"ok\",\"statuscode\":100,\"message\":\"OK\","
                        + "\"totalitems\":\"\",\"itemsperpage\":\"\"},\"data\":[]}}");
    }
}
