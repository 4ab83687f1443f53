package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste audit}: the organisation's audit trail. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Read the audit trail of changes to groups, team folders and grants.",
        subcommands = {AuditListCommand.class})
public final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
