package org.kiste.cli;

import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.config.Sizes;
import org.kiste.store.SpaceUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste usage}: what each space's files, trash and versions hold. */
@Command(
        name = "usage",
        mixinStandardHelpOptions = true,
        description = {
            "Show what each space holds: its files, its trash and the versions of its files (count and bytes), "
                    + "and the bytes of its files' WebDAV properties outside the trash (they count against the quota; "
                    + "versions do not). Without arguments every user's home and every team folder; with USER that "
                    + "user's home; with --folder that team folder. Identical content is stored once (a version names "
                    + "the blob its content had), so the disk may hold less than the sum."
        })
public final class UsageCommand extends AdminCommand {
    private static final String[] HEADER = {
        "SPACE", "KIND", "FILES", "BYTES", "TRASHED", "TRASH BYTES", "VERSIONS", "VERSION BYTES", "PROPERTIES"
    };

    @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "Only this user's home.")
    String user;

    @Option(names = "--folder", paramLabel = "NAME", description = "Only this team folder.")
    String folder;

    @Override
    void run(Backend backend) {
        if (user != null && folder != null) {
            throw new OperatorError("give USER or --folder, not both");
        }
        List<SpaceUsage.Usage> usage = new SpaceUsage(backend.database()).of(user, folder);
        if (usage.isEmpty() && (user != null || folder != null)) {
            throw new OperatorError(
                    user != null ? "no such user '" + user + "'" : "no such team folder '" + folder + "'");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (SpaceUsage.Usage u : usage) {
            rows.add(new String[] {
                u.name(),
                u.home() ? "home" : "team folder",
                Long.toString(u.files()),
                Sizes.format(u.fileBytes()) + " (" + u.fileBytes() + ")",
                Long.toString(u.trashed()),
                Sizes.format(u.trashBytes()) + " (" + u.trashBytes() + ")",
                Long.toString(u.versions()),
                Sizes.format(u.versionBytes()) + " (" + u.versionBytes() + ")",
                Sizes.format(u.propBytes()) + " (" + u.propBytes() + ")"
            });
        }
        UserListCommand.print(out(), rows);
    }
}
