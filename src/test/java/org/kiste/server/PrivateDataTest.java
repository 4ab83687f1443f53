package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.TestServer;

/**
 * The data, database and blob directories and the stored contents belong to the service user alone (no group or
 * other bits), and the embedded MariaDB takes no anonymous login and no root over TCP.
 */
class PrivateDataTest {
    private static final TestServer s = TestServer.get();

    private static void assertPrivate(Path p) throws Exception {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        assertThat(PosixFilePermissions.toString(perms)).as(p.toString()).endsWith("------");
    }

    @Test
    void dataBlobDirectoriesAndStoredContentsAreTheServiceUsersAlone() throws Exception {
        String login = s.newUser("priv");
        assertThat(s.dav(login)
                        .put("secret.txt", "for alice only".repeat(1200))
                        .statusCode()) // past blob.inline-max: a file
                .isEqualTo(201);
        Path blobs = s.backend.config().blobDir();
        assertPrivate(s.dataDir);
        assertPrivate(blobs);
        assertPrivate(blobs.resolve("tmp"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(blobs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertPrivate(f);
        }
    }

    @Test
    void theEmbeddedDatabaseIsPrivateAndHasNoAnonymousOrRemoteRoot() throws Exception {
        Assumptions.assumeTrue(
                TestDatabase.mode() == TestDatabase.Mode.EMBEDDED, "runs in the embedded database mode's run");
        Path home = s.dataDir.resolve("db");
        assertPrivate(home);
        assertPrivate(home.resolve("data"));
        String port = Files.readString(home.resolve("port")).trim();
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/";
        for (String user : new String[] {"", "root", "anonymous"}) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, "").close())
                    .as("login as '%s' without a password", user)
                    .isInstanceOf(SQLException.class);
        }
        String[] app = TestDatabase.embeddedAccount(s.dataDir);
        try (var c = DriverManager.getConnection(app[0], app[1], app[2]);
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT CURRENT_USER()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kiste@127.0.0.1");
        }
    }
}
