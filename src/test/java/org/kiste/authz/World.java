package org.kiste.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.kiste.audit.AuditLog;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.model.Role;
import org.kiste.model.Share;
import org.kiste.model.ShareType;
import org.kiste.model.Subject;
import org.kiste.share.ShareRequest;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.TestServer;

/**
 * The one world every row of the matrix acts in, built once: an owner with a folder in their home; a team folder
 * with a viewer, an editor and a manager (through a group, a user grant and a group) and a keeper who manages it
 * and prepares files; a nearly full team folder; an unrelated user; a user without any grant; one recipient per
 * permission set of a user share of another folder of the owner, a member of a group it is shared with, a former
 * recipient whose share was deleted; public links (read, read-write, with a password, deleted, expired) to a third
 * folder and an upload-only link to a fourth; a sharer with a nearly full home who shares a
 * folder with every recipient. Role users' and recipients' homes
 * have a quota, so that copying a large file out of the team folder does not fit.
 */
final class World {
    static final String A = AuditLog.ADMIN_CLI;
    /** Sizes of the secret files: numbers that appear nowhere else in an answer. */
    static final int HOME_SECRET_SIZE = 7331;

    static final int TEAM_SECRET_SIZE = 6113;
    static final int SHARED_SECRET_SIZE = 5557;
    static final int LINKED_SECRET_SIZE = 4441;
    static final int DROP_SECRET_SIZE = 3331;
    static final long ROLE_HOME_QUOTA = 20_000;
    static final int BIG = 30_000;
    static final long FULL_QUOTA = 1_000;
    static final int FULL_USED = 900;
    static final int FULL_TOO_BIG = 200;

    /**
     * A place seen by an actor, with who can look at it from the inside.
     *
     * @param url          absolute URL (encoded, folders end with '/') the actor uses
     * @param twin         the same URL where nothing ever existed (for hidden places), or null
     * @param inspector    a client allowed to see the place, to prepare files and check effects
     * @param inspectorUrl the place's URL for the inspector
     */
    record Spot(String url, String twin, Dav inspector, String inspectorUrl) {
        Spot child(String name) {
            String e = Dav.enc(name);
            return new Spot(url + e, twin == null ? null : twin + e, inspector, inspectorUrl + e);
        }

        /** The actor's URL, or the twin's. */
        String at(boolean useTwin) {
            return useTwin && twin != null ? twin : url;
        }
    }

    /**
     * An actor's seat: their client, the area their role concerns, their own home folder, the nearly full team
     * folder as they see it (null when it makes no sense), the names and sizes of the area that must not leak to
     * them when they have no access ({@code secrets}), and those of places that are none of their business, which
     * no answer to them may carry ({@code foreign}), and for a link's visitor the link.
     */
    record Seat(
            Actor actor,
            Dav client,
            String login,
            Spot area,
            Spot home,
            Spot full,
            List<String> secrets,
            List<String> foreign,
            Link link) {}

    /**
     * The public link a visitor uses.
     *
     * @param twinToken a token that never existed (for a link that must look like none), or null
     * @param drop      an upload-only link: every answer must be the same whether a name exists in its folder or
     *                  not, and an upload never replaces what is there
     */
    record Link(String token, String twinToken, boolean drop) {}

    final TestServer ts = TestServer.get();
    final String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    final String owner;
    final String keeper;
    final String docs = "Docs-" + tag;
    final String team = "Projects-" + tag;
    final String fullTeam = "Full-" + tag;
    final String homeSecret = "payroll-" + tag + ".ods";
    final String teamSecret = "budget-" + tag + ".ods";
    final String shared = "Shared-" + tag;
    final String sharedSecret = "minutes-" + tag + ".odt";
    final String linked = "Public-" + tag;
    final String linkedSecret = "brochure-" + tag + ".pdf";
    final String inbox = "Inbox-" + tag;
    final String dropSecret = "application-" + tag + ".pdf";
    final String ghost = "ghost-" + tag;
    /** who the share rows share with */
    final String sharee;

    private final Map<Actor, Seat> seats = new EnumMap<>(Actor.class);
    /** the login or group name each recipient actor's shares are made with */
    private final Map<Actor, String> recipientOf = new EnumMap<>(Actor.class);

    World() {
        owner = ts.newUser("own");
        keeper = ts.newUser("keep");
        String viewer = roleUser("view");
        String editor = roleUser("edit");
        String manager = roleUser("mgr");
        String other = ts.newUser("oth");
        String nonMember = ts.newUser("non");
        sharee = ts.newUser("shr");

        var groups = ts.backend.groups();
        var folders = ts.backend.teamFolders();
        String readers = "readers-" + tag;
        String leads = "leads-" + tag;
        groups.add(A, readers, null);
        groups.add(A, leads, null);
        groups.addMember(A, readers, viewer);
        groups.addMember(A, leads, manager);
        folders.create(A, team, -1);
        folders.grant(A, team, Subject.Type.GROUP, readers, Role.VIEWER);
        folders.grant(A, team, Subject.Type.USER, editor, Role.EDITOR);
        folders.grant(A, team, Subject.Type.GROUP, leads, Role.MANAGER);
        folders.grant(A, team, Subject.Type.USER, keeper, Role.MANAGER);
        folders.create(A, fullTeam, FULL_QUOTA);
        folders.grant(A, fullTeam, Subject.Type.GROUP, readers, Role.VIEWER);
        folders.grant(A, fullTeam, Subject.Type.USER, editor, Role.EDITOR);
        folders.grant(A, fullTeam, Subject.Type.GROUP, leads, Role.MANAGER);
        folders.grant(A, fullTeam, Subject.Type.USER, keeper, Role.MANAGER);

        Dav o = ts.dav(owner);
        Dav k = ts.dav(keeper);
        created(o.mkcol(Dav.enc(docs)));
        created(o.mkcol("Elsewhere"));
        created(o.put(Dav.enc(docs) + "/" + Dav.enc(homeSecret), "h".repeat(HOME_SECRET_SIZE)));
        created(k.put(Dav.enc(team) + "/" + Dav.enc(teamSecret), "t".repeat(TEAM_SECRET_SIZE)));
        created(k.put(Dav.enc(fullTeam) + "/ballast.bin", "b".repeat(FULL_USED)));

        created(o.mkcol(Dav.enc(shared)));
        created(o.put(Dav.enc(shared) + "/" + Dav.enc(sharedSecret), "s".repeat(SHARED_SECRET_SIZE)));
        created(o.mkcol(Dav.enc(linked)));
        created(o.put(Dav.enc(linked) + "/" + Dav.enc(linkedSecret), "l".repeat(LINKED_SECRET_SIZE)));
        created(o.mkcol(Dav.enc(inbox)));
        created(o.put(Dav.enc(inbox) + "/" + Dav.enc(dropSecret), "d".repeat(DROP_SECRET_SIZE)));

        Spot ownerDocs = new Spot(
                tree(owner) + Dav.enc(docs) + "/",
                tree(ghost) + Dav.enc(docs) + "/",
                o,
                tree(owner) + Dav.enc(docs) + "/");
        Spot ownerElsewhere = new Spot(tree(owner) + "Elsewhere/", null, o, tree(owner) + "Elsewhere/");
        List<String> homeSecrets = List.of(homeSecret, Integer.toString(HOME_SECRET_SIZE), docs, owner);
        List<String> teamSecrets = List.of(teamSecret, Integer.toString(TEAM_SECRET_SIZE), team, fullTeam);
        List<String> homeForeign = List.of(homeSecret, Integer.toString(HOME_SECRET_SIZE), docs);
        List<String> teamForeign = teamSecrets;
        List<String> both = new ArrayList<>(homeForeign);
        both.addAll(teamForeign);

        seat(Actor.OWNER, o, owner, ownerDocs, ownerElsewhere, null, homeSecrets, teamForeign);
        for (Object[] r : new Object[][] {{Actor.VIEWER, viewer}, {Actor.EDITOR, editor}, {Actor.MANAGER, manager}}) {
            String login = (String) r[1];
            Dav d = ts.dav(login);
            seat(
                    (Actor) r[0],
                    d,
                    login,
                    teamSpot(login, team),
                    new Spot(tree(login), null, d, tree(login)),
                    teamSpot(login, fullTeam),
                    teamSecrets,
                    homeForeign);
        }
        Dav oth = ts.dav(other);
        seat(
                Actor.OTHER,
                oth,
                other,
                ownerDocs,
                new Spot(tree(other), null, oth, tree(other)),
                null,
                homeSecrets,
                both);
        Dav non = ts.dav(nonMember);
        seat(
                Actor.NON_MEMBER,
                non,
                nonMember,
                new Spot(
                        tree(nonMember) + Dav.enc(team) + "/",
                        tree(nonMember) + "Nothing-" + tag + "/",
                        k,
                        tree(keeper) + Dav.enc(team) + "/"),
                new Spot(tree(nonMember), null, non, tree(nonMember)),
                new Spot(
                        tree(nonMember) + Dav.enc(fullTeam) + "/",
                        tree(nonMember) + "Nil-" + tag + "/",
                        k,
                        tree(keeper) + Dav.enc(fullTeam) + "/"),
                teamSecrets,
                both);
        seat(Actor.ANONYMOUS, ts.anonymous(), null, ownerDocs, ownerElsewhere, null, homeSecrets, both);

        // a sharer whose home is nearly full shares a folder with every recipient: their "full" place
        String donor = ts.newUser("don");
        ts.users().setQuota(donor, FULL_QUOTA);
        Dav don = ts.dav(donor);
        created(don.mkcol("Tight"));
        created(don.put("ballast.bin", "b".repeat(FULL_USED)));
        Principal donorP = ts.users().find(donor).orElseThrow().principal();

        Principal ownerP = ts.users().find(owner).orElseThrow().principal();
        List<String> sharedSecrets = List.of(sharedSecret, Integer.toString(SHARED_SECRET_SIZE), shared);
        for (Actor a : Actor.values()) {
            if (a.shareBits == 0) {
                continue;
            }
            String login = roleUser(a.column);
            String with = login;
            ShareType type = ShareType.USER;
            if (a.viaGroup) {
                with = a.column + "-" + tag;
                groups.add(A, with, null);
                groups.addMember(A, with, login);
                type = ShareType.GROUP;
            }
            recipientOf.put(a, with);
            ts.backend
                    .shares()
                    .create(
                            ownerP,
                            new ShareRequest(
                                    FilePath.parse(shared), type, with, a.shareBits, null, null, null, null, null));
            ts.backend
                    .shares()
                    .create(
                            donorP,
                            new ShareRequest(
                                    FilePath.parse("Tight"), type, with, a.shareBits, null, null, null, null, null));
            Dav d = ts.dav(login);
            seat(
                    a,
                    d,
                    login,
                    new Spot(tree(login) + Dav.enc(shared) + "/", null, o, tree(owner) + Dav.enc(shared) + "/"),
                    new Spot(tree(login), null, d, tree(login)),
                    new Spot(tree(login) + "Tight/", null, don, tree(donor) + "Tight/"),
                    sharedSecrets,
                    both);
        }

        String formerly = roleUser("rgone");
        Share revoked = ts.backend
                .shares()
                .create(
                        ownerP,
                        new ShareRequest(
                                FilePath.parse(shared), ShareType.USER, formerly, 31, null, null, null, null, null));
        ts.backend.shares().delete(ownerP, revoked.id());
        Dav fd = ts.dav(formerly);
        seat(
                Actor.R_GONE,
                fd,
                formerly,
                new Spot(
                        tree(formerly) + Dav.enc(shared) + "/",
                        tree(formerly) + "Nothing-" + tag + "/",
                        o,
                        tree(owner) + Dav.enc(shared) + "/"),
                new Spot(tree(formerly), null, fd, tree(formerly)),
                null,
                sharedSecrets,
                both);

        var shares = ts.backend.shares();
        List<String> linkedSecrets = List.of(linkedSecret, Integer.toString(LINKED_SECRET_SIZE), linked);
        List<String> dropSecrets = List.of(dropSecret, Integer.toString(DROP_SECRET_SIZE));
        Spot linkedInside = new Spot(null, null, o, tree(owner) + Dav.enc(linked) + "/");
        String r = link(ownerP, linked, 1, null).token();
        String rw = link(ownerP, linked, 15, null).token();
        String pw = link(ownerP, linked, 15, "pw-of-the-link").token();
        Share gone = link(ownerP, linked, 1, null);
        shares.delete(ownerP, gone.id());
        String drop = link(ownerP, inbox, 4, null).token();
        Share expired = link(ownerP, linked, 1, null);
        new Links(ts).expire(expired);
        String never = gone.token().substring(0, gone.token().length() - 4)
                + (gone.token().endsWith("zzzz") ? "yyyy" : "zzzz");
        Dav anon = ts.anonymous();
        seat(
                Actor.LINK_R,
                anon,
                null,
                publicSpot(r, null, linkedInside),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(r, null, false));
        seat(
                Actor.LINK_LEGACY,
                new Dav(ts.baseUrl, r, ""),
                null,
                new Spot(ts.baseUrl + "/public.php/webdav/", null, o, linkedInside.inspectorUrl()),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(r, null, false));
        seat(
                Actor.LINK_RW,
                anon,
                null,
                publicSpot(rw, null, linkedInside),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(rw, null, false));
        seat(
                Actor.LINK_PW,
                anon,
                null,
                publicSpot(pw, null, linkedInside),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(pw, null, false));
        seat(
                Actor.LINK_PW_OK,
                new Dav(ts.baseUrl, "visitor", "pw-of-the-link"),
                null,
                publicSpot(pw, null, linkedInside),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(pw, null, false));
        seat(
                Actor.LINK_EXPIRED,
                anon,
                null,
                publicSpot(expired.token(), never, linkedInside),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(expired.token(), never, false));
        seat(
                Actor.LINK_GONE,
                anon,
                null,
                publicSpot(gone.token(), never, linkedInside),
                ownerElsewhere,
                null,
                linkedSecrets,
                both,
                new Link(gone.token(), never, false));
        seat(
                Actor.LINK_DROP,
                anon,
                null,
                publicSpot(drop, null, new Spot(null, null, o, tree(owner) + Dav.enc(inbox) + "/")),
                ownerElsewhere,
                null,
                dropSecrets,
                both,
                new Link(drop, null, true));
    }

    Seat seat(Actor a) {
        return seats.get(a);
    }

    String base() {
        return ts.baseUrl;
    }

    /** The encoded URL of a user's tree root, ending with '/'. */
    String tree(String login) {
        return ts.baseUrl + "/remote.php/dav/files/" + Dav.enc(login) + "/";
    }

    private Spot teamSpot(String login, String folder) {
        String e = Dav.enc(folder) + "/";
        return new Spot(tree(login) + e, null, ts.dav(keeper), tree(keeper) + e);
    }

    private void seat(
            Actor a,
            Dav client,
            String login,
            Spot area,
            Spot home,
            Spot full,
            List<String> secrets,
            List<String> foreign) {
        seat(a, client, login, area, home, full, secrets, foreign, null);
    }

    private void seat(
            Actor a,
            Dav client,
            String login,
            Spot area,
            Spot home,
            Spot full,
            List<String> secrets,
            List<String> foreign,
            Link link) {
        seats.put(a, new Seat(a, client, login, area, home, full, secrets, foreign, link));
    }

    /** The owner shares one of their folders with a recipient actor, as that actor's share was made. */
    void shareFolder(String folder, Actor recipient) {
        ts.backend
                .shares()
                .create(
                        ts.users().find(owner).orElseThrow().principal(),
                        new ShareRequest(
                                FilePath.parse(folder),
                                recipient.viaGroup ? ShareType.GROUP : ShareType.USER,
                                recipientOf.get(recipient),
                                recipient.shareBits,
                                null,
                                null,
                                null,
                                null,
                                null));
    }

    private Share link(Principal owner, String folder, int bits, String password) {
        return ts.backend
                .shares()
                .create(
                        owner,
                        new ShareRequest(
                                FilePath.parse(folder), ShareType.LINK, null, bits, password, null, null, null, null));
    }

    /** A linked folder through the public WebDAV door; the owner looks at it in their tree. */
    private Spot publicSpot(String token, String twinToken, Spot inside) {
        String prefix = ts.baseUrl + "/public.php/dav/files/";
        return new Spot(
                prefix + token + "/",
                twinToken == null ? null : prefix + twinToken + "/",
                inside.inspector(),
                inside.inspectorUrl());
    }

    private String roleUser(String prefix) {
        String login = prefix.replace("-", "") + tag;
        ts.users().add(login, "pw-" + login, false, null, null, ROLE_HOME_QUOTA);
        return login;
    }

    private static void created(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode())
                .as(r.request().method() + " " + r.uri() + ": " + r.body())
                .isEqualTo(201);
    }
}
