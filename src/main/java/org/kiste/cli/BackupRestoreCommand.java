package org.kiste.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kiste.backup.BackupRestore;
import org.kiste.config.ConfigException;
import org.kiste.config.KisteConfig;
import org.kiste.config.Sizes;
import org.kiste.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiste backup restore --from DIR}: opens no backend, since its target must be empty. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore the last complete backup in DIR into an empty target: with the embedded database (the default) "
                    + "an empty or missing data directory (KISTE_DATA); with an external database (KISTE_DB_URL) "
                    + "a database without tables plus an empty or missing blob directory. A non-empty target, an "
                    + "incomplete backup, a dump that does not match its manifest and a missing or truncated blob are "
                    + "refused before anything is written; blobs are checked against their SHA-256 as they are copied.",
            "WebDAV locks and password throttles are not restored. Start the server afterwards as usual."
        })
public final class BackupRestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup directory.")
    Path from;

    @Override
    public Integer call() {
        AdminCommand.quietLogging();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KisteConfig config;
        try {
            config = KisteConfig.load(CliEnvironment.of(spec));
        } catch (ConfigException e) {
            err.println("kiste: " + e.getMessage());
            err.flush();
            return 1;
        }
        try {
            BackupRestore.Summary s = new BackupRestore(config).run(from, out);
            out.printf(
                    "restored the backup of %s: %d blobs (%s); start the server as usual%n",
                    s.created(), s.blobs(), Sizes.format(s.bytes()));
            out.flush();
            return 0;
        } catch (BackupRestore.Refused e) {
            err.println("kiste: " + e.getMessage());
        } catch (IOException | StoreException | IllegalArgumentException e) {
            err.println("kiste: restore failed: " + e.getMessage());
            err.println("kiste: the target is partly written: empty it (the data directory, or the database and the"
                    + " blob directory) before trying again");
        } catch (RuntimeException e) {
            err.println("kiste: restore failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.println("kiste: the target may be partly written: empty it before trying again");
        }
        err.flush();
        return 1;
    }
}
