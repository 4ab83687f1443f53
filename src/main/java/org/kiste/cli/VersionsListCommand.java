package org.kiste.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.config.Sizes;
import org.kiste.model.FileVersion;
import org.kiste.model.FilesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste versions list}: a file's versions, newest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the versions of a file, newest first: VERSION (what 'versions restore' takes), its date (UTC), "
                    + "size, who wrote it and its label. The current content is not listed."
        })
final class VersionsListCommand extends AdminCommand {
    private static final String[] HEADER = {"VERSION", "DATE", "SIZE", "AUTHOR", "LABEL"};

    @Parameters(index = "0", paramLabel = "USER:/PATH", description = "The file, e.g. alice:/Documents/report.odt.")
    String file;

    @Override
    void run(Backend backend) {
        VersionsCommand.Target t = VersionsCommand.target(backend, file);
        List<FileVersion> versions;
        try {
            versions = backend.files()
                    .versions()
                    .list(t.account().principal(), t.file().id())
                    .versions();
        } catch (FilesException e) {
            throw new OperatorError(file + ": " + e.getMessage());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FileVersion v : versions) {
            rows.add(new String[] {
                Long.toString(v.revision()),
                Instant.ofEpochSecond(v.revision()).toString(),
                Sizes.format(v.size()) + " (" + v.size() + ")",
                v.author() == null ? "-" : v.author(),
                v.label() == null ? "" : v.label()
            });
        }
        UserListCommand.print(out(), rows);
    }
}
