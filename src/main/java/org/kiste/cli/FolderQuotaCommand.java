package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import org.kiste.config.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste folder quota}. */
@Command(name = "quota", mixinStandardHelpOptions = true, description = "Set the storage quota of a team folder.")
final class FolderQuotaCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Team folder name.")
    String name;

    @Parameters(
            index = "1",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Quota such as 500M, 50G or 1T (powers of 1024), or none for unlimited.")
    long quota;

    @Override
    void run(Backend backend) {
        backend.teamFolders().setQuota(AuditLog.ADMIN_CLI, name, quota);
        out().printf("quota of team folder '%s' set to %s%n", name, Sizes.format(quota));
    }
}
