package org.kiste.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;
import picocli.CommandLine;

/**
 * {@code kiste versions list} and {@code restore} against the test server's backend, as the user: the list shows
 * each version's number, date, size, author and label; a restore keeps the file and is refused while another
 * holds a lock on it; a mistyped file, user or version is a clear message.
 */
class VersionsCommandTest {
    private final TestServer ts = TestServer.get();

    /** Runs the command with {@code args} and returns what it printed. */
    private String run(AdminCommand cmd, String... args) {
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.parseArgs(args);
        try {
            cmd.run(ts.backend);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        cl.getOut().flush();
        return out.toString();
    }

    @Test
    void listAndRestore() {
        String user = ts.newUser("cliv");
        Dav d = ts.dav(user);
        d.mkcol("Docs");
        d.put("Docs/report.txt", "first");
        d.put("Docs/report.txt", "second");
        d.put("Docs/report.txt", "third");
        long fileId = Dav.nodeId(d.head("Docs/report.txt"));
        VersionsDav v = new VersionsDav(d);
        String href = v.list(fileId).get(1).href();
        String oldest = href.substring(href.lastIndexOf('/') + 1);
        assertThat(v.label(v.list(fileId).get(1), "draft").statusCode()).isEqualTo(207);

        String listed = run(new VersionsListCommand(), user + ":/Docs/report.txt");
        assertThat(listed.lines().toList()).hasSize(3);
        assertThat(listed.lines().toList().get(0)).startsWith("VERSION").contains("AUTHOR", "LABEL");
        assertThat(listed.lines().toList().get(2)).startsWith(oldest).contains("(5)", user, "draft");

        String token = DavLocks.take(d, "Docs/report.txt", "0");
        assertThatThrownBy(() -> run(new VersionsRestoreCommand(), user + ":/Docs/report.txt", oldest))
                .hasMessageContaining("lock");
        assertThat(DavLocks.unlock(d, "Docs/report.txt", "<" + token + ">").statusCode())
                .isEqualTo(204);
        assertThat(run(new VersionsRestoreCommand(), user + ":/Docs/report.txt", oldest))
                .contains("restored version " + oldest);
        assertThat(d.get("Docs/report.txt").body()).isEqualTo("first");
        assertThat(Dav.nodeId(d.head("Docs/report.txt"))).isEqualTo(fileId);
        assertThat(v.contents(fileId)).containsExactlyInAnyOrder("third", "second");
    }

    @Test
    void usageShowsWhatVersionsHold() {
        String user = ts.newUser("cliu");
        Dav d = ts.dav(user);
        d.put("notes.txt", "12345");
        d.put("notes.txt", "123");
        d.put("notes.txt", "1234567");
        List<String> lines = run(new UsageCommand(), user).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("VERSIONS", "VERSION BYTES");
        List<String> row = List.of(lines.get(1).trim().split("\\s{2,}"));
        assertThat(row.get(0)).isEqualTo(user);
        // files: 1 of 7 bytes; versions: "12345" and "123"
        assertThat(row).containsSubsequence("1", "7B (7)", "0", "2", "8B (8)");
    }

    @Test
    void mistakesAreNamed() {
        String user = ts.newUser("cliv");
        Dav d = ts.dav(user);
        d.mkcol("Folder");
        d.put("a.txt", "a");
        assertThatThrownBy(() -> run(new VersionsListCommand(), "no-colon")).hasMessageContaining("USER:/path");
        assertThatThrownBy(() -> run(new VersionsListCommand(), "nobody-" + user + ":/a.txt"))
                .hasMessageContaining("no such user");
        assertThatThrownBy(() -> run(new VersionsListCommand(), user + ":/missing.txt"))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> run(new VersionsListCommand(), user + ":/Folder"))
                .hasMessageContaining("folder");
        assertThatThrownBy(() -> run(new VersionsRestoreCommand(), user + ":/a.txt", "12345"))
                .hasMessageContaining("no such version");
        assertThat(run(new VersionsListCommand(), user + ":/a.txt").lines().count())
                .as("the header alone")
                .isEqualTo(1);
    }
}
