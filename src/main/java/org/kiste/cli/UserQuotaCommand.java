package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.config.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste user quota}: sets the storage quota of the home folder. */
@Command(
        name = "quota",
        mixinStandardHelpOptions = true,
        description = "Set the storage quota of a user's home folder.")
final class UserQuotaCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
    String login;

    @Parameters(
            index = "1",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Quota such as 500M, 10G or 1T (powers of 1024), or none for unlimited.")
    long quota;

    @Override
    void run(Backend backend) {
        backend.users().setQuota(login, quota);
        out().printf("quota of '%s' set to %s%n", login, Sizes.format(quota));
    }
}
