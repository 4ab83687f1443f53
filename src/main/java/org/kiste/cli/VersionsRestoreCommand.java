package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.files.Precondition;
import org.kiste.model.FilesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste versions restore}: makes a version a file's content again. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Make a version the file's content again, as the user would: the file keeps its id, shares and links, "
                    + "and its current content becomes a version. VERSION is the number 'versions list' shows."
        })
final class VersionsRestoreCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "USER:/PATH", description = "The file, e.g. alice:/Documents/report.odt.")
    String file;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version, as 'versions list' shows it.")
    long version;

    @Override
    void run(Backend backend) {
        VersionsCommand.Target t = VersionsCommand.target(backend, file);
        try {
            backend.files().versions().restore(t.account().principal(), t.file().id(), version, Precondition.NONE);
        } catch (FilesException e) {
            throw new OperatorError(file + " version " + version + ": " + e.getMessage());
        }
        out().printf("restored version %d of %s%n", version, file);
    }
}
