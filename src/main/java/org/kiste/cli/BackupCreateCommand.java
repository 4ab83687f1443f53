package org.kiste.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kiste.Backend;
import org.kiste.backup.BackupCreate;
import org.kiste.config.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiste backup create --to DIR}. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Back up into DIR while the server runs and clients write: a consistent snapshot of the database "
                    + "(mariadb-dump --single-transaction) and a verified copy of every blob it names. Meanwhile a "
                    + "lease in the database keeps the blob collector from deleting anything; it expires 10 minutes "
                    + "after the backup stops renewing it.",
            "A later backup into the same DIR copies only blobs that are not there yet and then removes what the "
                    + "earlier one alone needed. DIR/manifest.properties is written last: a backup that was "
                    + "interrupted leaves DIR/in-progress behind, is never restored, and the previous complete "
                    + "backup in DIR stays restorable.",
            "mariadb-dump comes from the embedded MariaDB's distribution, or for an external database from the PATH."
        })
public final class BackupCreateCommand extends AdminCommand {
    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The backup directory (created).")
    Path to;

    @Override
    void run(Backend backend) throws IOException {
        long started = System.nanoTime();
        BackupCreate.Summary s = new BackupCreate(
                        backend.config(), backend.endpoint(), backend.database(), backend.blobs())
                .run(to, out());
        out().printf(
                        "backup complete in %s: %d blobs (%s), %d copied now (%s), %d no longer needed removed, in %d s%n",
                        to.toAbsolutePath().normalize(),
                        s.blobs(),
                        Sizes.format(s.bytes()),
                        s.copied(),
                        Sizes.format(s.copiedBytes()),
                        s.pruned(),
                        (System.nanoTime() - started) / 1_000_000_000L);
    }
}
