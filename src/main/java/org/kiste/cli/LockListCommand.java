package org.kiste.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kiste.Backend;
import org.kiste.files.LockService;
import org.kiste.model.Account;
import org.kiste.model.DavLock;
import org.kiste.model.TeamFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiste lock list}: one row per live lock, oldest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List live WebDAV locks: token, user holding the lock, locked path (USER:/path), scope "
                    + "(exclusive or shared), depth (0 or infinity), seconds until it expires and the owner text the "
                    + "client sent."
        })
final class LockListCommand extends AdminCommand {
    private static final String[] HEADER = {"TOKEN", "USER", "PATH", "SCOPE", "DEPTH", "SECONDS LEFT", "OWNER"};
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Option(names = "--user", paramLabel = "NAME", description = "Only the locks this user holds.")
    String user;

    @Override
    void run(Backend backend) {
        Map<Long, String> loginById = new HashMap<>();
        Map<Long, String> loginByHome = new HashMap<>();
        for (Account a : backend.users().list()) {
            loginById.put(a.id(), a.login());
            loginByHome.put(a.homeSpaceId(), a.login());
        }
        Map<Long, String> teamFolderBySpace = new HashMap<>();
        for (TeamFolder f : backend.teamFolders().list()) {
            teamFolderBySpace.put(f.spaceId(), f.name());
        }
        Long principalId = null;
        if (user != null) {
            principalId = backend.users()
                    .find(user)
                    .map(Account::id)
                    .orElseThrow(() -> new OperatorError("no such user '" + user + "'"));
        }
        LockService locks = backend.locks();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DavLock l : locks.list(principalId)) {
            String path = locks.pathOf(l);
            // a lock taken through a public link is held by the link (a negative id), not by a user
            String holder = l.principalId() < 0
                    ? "link#" + -l.principalId()
                    : loginById.getOrDefault(l.principalId(), "#" + l.principalId());
            String team = teamFolderBySpace.get(l.spaceId());
            // a lock in a team folder shows as the path in the holder's tree, where the folder is mounted
            String shown = path == null ? "(deleted)" : path;
            String where = team == null
                    ? loginByHome.getOrDefault(l.spaceId(), "space#" + l.spaceId()) + ":" + shown
                    : holder + ":/" + team + (path == null ? " (deleted)" : path.equals("/") ? "" : path);
            rows.add(new String[] {
                l.token(),
                holder,
                where,
                l.exclusive() ? "exclusive" : "shared",
                l.deep() ? "infinity" : "0",
                Long.toString(l.secondsLeft()),
                ownerText(l.ownerXml())
            });
        }
        UserListCommand.print(out(), rows);
    }

    /** The client's {@code <owner>} XML as one line of text: tags dropped, the five XML entities decoded. */
    static String ownerText(String ownerXml) {
        if (ownerXml == null) {
            return "-";
        }
        String text = TAG.matcher(ownerXml).replaceAll(" ");
        text = text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
        text = SPACES.matcher(text).replaceAll(" ").trim();
        return text.isEmpty() ? "-" : text;
    }
}
