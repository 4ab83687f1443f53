package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.kiste.blob.StagedBlob;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * A new file's rows find its content stored already from the unique SHA-256's refusal whatever language the server
 * answers in: a database run with {@code lc_messages} other than English words that refusal in its own language.
 */
class StoredContentMessageTest {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"en_US", "de_DE", "fr_FR", "cs_CZ", "sk_SK", "hu_HU", "ja_JP"})
    void contentStoredAlreadyIsFoundWhateverTheLanguage(String lang) throws Exception {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("lcmsg"));
        String content = "stored once " + UUID.randomUUID();
        assertThat(dav.put("first.txt", content).statusCode()).isEqualTo(201);
        byte[] sha256 =
                MessageDigest.getInstance("SHA-256").digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Database db = s.backend.database();

        NewFileRows.Ids ids = db.tx(c -> {
            long space;
            long parent;
            try (PreparedStatement ps = c.prepareStatement("SELECT n.space_id, n.parent_id FROM node n"
                    + " JOIN blob_object b ON b.id = n.blob_id WHERE b.sha256 = ? AND n.name = 'first.txt'")) {
                ps.setBytes(1, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    space = rs.getLong(1);
                    parent = rs.getLong(2);
                }
            }
            try (var st = c.createStatement()) {
                st.execute("SET lc_messages = '" + lang + "'");
            }
            try {
                long now = System.currentTimeMillis();
                StagedBlob again = new StagedBlob(
                        "k" + UUID.randomUUID().toString().replace("-", "").substring(1),
                        content.length(),
                        sha256,
                        null,
                        null,
                        content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return NewFileRows.insert(
                        c,
                        again,
                        new NewFileRows.NewFile(
                                parent,
                                "second-" + lang + ".txt",
                                new ContentWrite(
                                        space, now, now, "0123456789abcdef", "text/plain", null, new long[] {parent})));
            } finally {
                try (var st = c.createStatement()) {
                    st.execute("SET lc_messages = DEFAULT");
                }
            }
        });

        assertThat(ids).as("refused as stored already, nothing written").isNull();
        assertThat(dav.get("second-" + lang + ".txt").statusCode()).isEqualTo(404);
    }
}
