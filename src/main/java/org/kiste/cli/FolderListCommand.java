package org.kiste.cli;

import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.config.Sizes;
import org.kiste.model.Grant;
import org.kiste.model.TeamFolder;
import picocli.CommandLine.Command;

/** {@code kiste folder list}: one row per team folder. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List team folders: name, state (live, or trash for the organisation's trash), quota, bytes "
                    + "used, and grants as group:NAME=ROLE / user:NAME=ROLE."
        })
final class FolderListCommand extends AdminCommand {
    private static final String[] HEADER = {"NAME", "STATE", "QUOTA", "USED", "GRANTS"};

    @Override
    void run(Backend backend) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TeamFolder f : backend.teamFolders().list()) {
            List<String> grants = new ArrayList<>();
            for (Grant g : f.grants()) {
                grants.add(g.subject() + "=" + g.role().label());
            }
            rows.add(new String[] {
                f.name(),
                f.trashed() ? "trash" : "live",
                Sizes.format(f.quotaBytes()),
                Sizes.format(f.usedBytes()),
                grants.isEmpty() ? "-" : String.join(",", grants)
            });
        }
        UserListCommand.print(out(), rows);
    }
}
