package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.files.Resolved;
import org.kiste.groups.GroupService;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.teamfolders.TeamFolderService;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Team folders mounted as top-level folders of each member's tree, over real HTTP: what each role may do, the
 * mount point that members cannot remove, revocation within a second, no trace for outsiders, root etags that
 * follow changes made by other members, the team folder's quota, and MOVE/COPY between home and team folder.
 */
class TeamFolderMountTest {
    private static final String A = AuditLog.ADMIN_CLI;
    private final TestServer ts = TestServer.get();
    private final GroupService groups = ts.backend.groups();
    private final TeamFolderService folders = ts.backend.teamFolders();

    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    /** A team folder granted to a fresh group with {@code groupRole}; returns its name. */
    private String folderForGroup(String group, Role groupRole, long quota) {
        String name = unique("Team ");
        folders.create(A, name, quota);
        folders.grant(A, name, Subject.Type.GROUP, group, groupRole);
        return name;
    }

    private String groupWith(String... logins) {
        String g = unique("g");
        groups.add(A, g, null);
        for (String l : logins) {
            groups.addMember(A, g, l);
        }
        return g;
    }

    private Principal principal(String login) {
        return ts.users().find(login).orElseThrow().principal();
    }

    private static List<String> rootListing(Dav dav) {
        return MultiStatus.parse(dav.propfind("", "1", null)).paths();
    }

    @Test
    void viewerReadsButCannotChangeAnything() {
        String viewer = ts.newUser("tv");
        String editor = ts.newUser("te");
        String name = folderForGroup(groupWith(viewer), Role.VIEWER, -1);
        folders.grant(A, name, Subject.Type.USER, editor, Role.EDITOR);
        Dav v = ts.dav(viewer);
        Dav e = ts.dav(editor);
        String mount = Dav.enc(name);

        assertThat(e.put(mount + "/plan.txt", "v1").statusCode()).isEqualTo(201);
        assertThat(rootListing(v)).contains("/remote.php/dav/files/" + viewer + "/" + name + "/");
        HttpResponse<String> got = v.get(mount + "/plan.txt");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("v1");
        assertThat(v.put(mount + "/plan.txt", "mine").statusCode())
                .as("PUT over a file")
                .isEqualTo(403);
        assertThat(v.put(mount + "/new.txt", "mine").statusCode())
                .as("PUT of a new file")
                .isEqualTo(403);
        assertThat(v.mkcol(mount + "/dir").statusCode()).isEqualTo(403);
        assertThat(v.delete(mount + "/plan.txt").statusCode()).isEqualTo(403);
        assertThat(v.move(mount + "/plan.txt", mount + "/renamed.txt").statusCode())
                .isEqualTo(403);
        assertThat(v.move(mount + "/plan.txt", "taken.txt").statusCode())
                .as("MOVE out to the home")
                .isEqualTo(403);
        assertThat(v.copy(mount + "/plan.txt", "copy.txt").statusCode())
                .as("COPY out is reading")
                .isEqualTo(201);
        assertThat(v.get("copy.txt").body()).isEqualTo("v1");
        assertThat(e.get(mount + "/plan.txt").body()).isEqualTo("v1");

        Resolved r = ts.backend.files().resolve(principal(viewer), FilePath.parse(name + "/plan.txt"));
        assertThat(r.perms()).isEqualTo(new Perms(Perms.READ));
        assertThat(r.mount().kind()).isEqualTo(MountInfo.Kind.GROUP);
        assertThat(r.mount().name()).isEqualTo(name);
        assertThat(r.isMountPoint()).isFalse();
    }

    @Test
    void editorWritesInsideButCannotRemoveTheMountPoint() {
        String editor = ts.newUser("te");
        String name = folderForGroup(groupWith(editor), Role.EDITOR, -1);
        Dav e = ts.dav(editor);
        String mount = Dav.enc(name);
        assertThat(e.mkcol(mount + "/docs").statusCode()).isEqualTo(201);
        assertThat(e.put(mount + "/docs/a.txt", "a").statusCode()).isEqualTo(201);
        assertThat(e.put(mount + "/docs/a.txt", "b").statusCode()).isEqualTo(204);
        assertThat(e.move(mount + "/docs/a.txt", mount + "/b.txt").statusCode()).isEqualTo(201);
        assertThat(e.copy(mount + "/b.txt", mount + "/docs/c.txt").statusCode()).isEqualTo(201);
        assertThat(e.delete(mount + "/docs/c.txt").statusCode()).isEqualTo(204);
        assertThat(MultiStatus.parse(e.propfind(mount + "/", "1", null)).paths())
                .containsExactlyInAnyOrder(
                        "/remote.php/dav/files/" + editor + "/" + name + "/",
                        "/remote.php/dav/files/" + editor + "/" + name + "/docs/",
                        "/remote.php/dav/files/" + editor + "/" + name + "/b.txt");

        assertThat(e.delete(mount).statusCode()).as("DELETE of the mount point").isEqualTo(403);
        assertThat(e.move(mount, "elsewhere").statusCode())
                .as("MOVE of the mount point")
                .isEqualTo(403);
        assertThat(e.move("x", mount).statusCode())
                .as("MOVE onto the mount point")
                .isIn(403, 404);
        assertThat(e.put("f.txt", "f").statusCode()).isEqualTo(201);
        assertThat(e.move("f.txt", mount, "Overwrite", "T").statusCode())
                .as("replace the mount point")
                .isEqualTo(403);
        assertThat(e.copy("f.txt", mount, "Overwrite", "T").statusCode()).isEqualTo(403);
        assertThat(e.mkcol(mount).statusCode()).isEqualTo(405);
        assertThat(e.get(mount + "/b.txt").body()).isEqualTo("b");

        Principal p = principal(editor);
        Resolved point = ts.backend.files().resolve(p, FilePath.parse(name));
        assertThat(point.isMountPoint()).isTrue();
        assertThat(point.node().name()).isEqualTo(name);
        assertThat(point.perms().can(Perms.WRITE | Perms.CREATE | Perms.DELETE | Perms.RENAME))
                .isTrue();
        assertThat(point.perms().can(Perms.SHARE)).as("editors do not share").isFalse();
    }

    @Test
    void managersMayShareAndListingsCarryTheMount() throws Exception {
        String manager = ts.newUser("tm");
        String name = folderForGroup(groupWith(manager), Role.MANAGER, -1);
        Principal p = principal(manager);
        Resolved root = ts.backend.files().resolve(p, FilePath.ROOT);
        assertThat(root.mount()).isNull();
        List<Resolved> listed = new ArrayList<>();
        ts.backend
                .files()
                .list(
                        p,
                        root,
                        100,
                        page -> page.forEach(n -> listed.add(ts.backend.files().child(p, root, n))));
        Resolved point = listed.stream()
                .filter(r -> r.node().name().equals(name))
                .findFirst()
                .orElseThrow();
        assertThat(point.isMountPoint()).isTrue();
        assertThat(point.mount().kind()).isEqualTo(MountInfo.Kind.GROUP);
        assertThat(point.perms()).isEqualTo(Perms.ALL);
        assertThat(point.path()).isEqualTo(FilePath.parse(name));
        assertThat(ts.dav(manager).put(Dav.enc(name) + "/s.txt", "s").statusCode())
                .isEqualTo(201);
        Resolved inside = ts.backend.files().resolve(p, FilePath.parse(name + "/s.txt"));
        assertThat(inside.perms().can(Perms.SHARE)).isTrue();
        assertThat(inside.mount().spaceId()).isEqualTo(point.mount().spaceId());
    }

    @Test
    void revokingRemovesTheMountWithinASecondAndOutsidersSeeNothing() throws Exception {
        String member = ts.newUser("tr");
        String outsider = ts.newUser("to");
        String group = groupWith(member);
        String name = folderForGroup(group, Role.EDITOR, -1);
        Dav m = ts.dav(member);
        Dav o = ts.dav(outsider);
        String mount = Dav.enc(name);
        assertThat(m.put(mount + "/secret.txt", "s").statusCode()).isEqualTo(201);

        HttpResponse<String> outsiderRoot = o.propfind("", "1", null);
        assertThat(outsiderRoot.body()).doesNotContain(name).doesNotContain(mount);
        assertThat(o.get(mount + "/secret.txt").statusCode()).isEqualTo(404);
        assertThat(o.propfind(mount, "0", null).statusCode()).isEqualTo(404);
        assertThat(o.put(mount + "/x.txt", "x").statusCode())
                .as("no parent folder for outsiders")
                .isEqualTo(409);

        folders.revoke(A, name, Subject.Type.GROUP, group);
        long revoked = System.nanoTime();
        int status;
        do {
            status = m.get(mount + "/secret.txt").statusCode();
            if (status == 404) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() - revoked < 1_500_000_000L);
        assertThat(status).as("GET after the revoke").isEqualTo(404);
        assertThat((System.nanoTime() - revoked) / 1_000_000)
                .as("ms until the mount was gone")
                .isLessThan(1_500);
        assertThat(m.propfind("", "1", null).body()).doesNotContain(name);
    }

    @Test
    void aChangeByOneMemberChangesTheOthersRootEtag() throws Exception {
        String alice = ts.newUser("ta");
        String bob = ts.newUser("tb");
        String name = folderForGroup(groupWith(alice, bob), Role.EDITOR, -1);
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        String mount = Dav.enc(name);
        assertThat(b.mkcol(mount + "/deep").statusCode()).isEqualTo(201);
        String aliceRoot = a.etag("");
        String alicePoint = a.etag(mount);
        String bobRoot = b.etag("");
        assertThat(aliceRoot).isNotNull();
        assertThat(a.etag("")).as("stable without changes").isEqualTo(aliceRoot);

        assertThat(b.put(mount + "/deep/new.txt", "hello").statusCode()).isEqualTo(201);
        assertThat(a.etag("")).as("alice's root after bob's PUT").isNotEqualTo(aliceRoot);
        assertThat(a.etag(mount)).as("alice's mount point after bob's PUT").isNotEqualTo(alicePoint);
        assertThat(b.etag("")).isNotEqualTo(bobRoot);

        // the root etag as listed (Depth 1 of the root's parent does not exist; Depth 0 and the listing agree)
        MultiStatus list = MultiStatus.parse(a.propfind("", "1", null));
        assertThat(list.at("/remote.php/dav/files/" + alice + "/" + name + "/")
                        .text("getetag")
                        .replace("\"", ""))
                .isEqualTo(a.etag(mount));
    }

    @Test
    void theTeamFoldersQuotaAppliesInside() {
        String editor = ts.newUser("tq");
        String name = folderForGroup(groupWith(editor), Role.EDITOR, 1000);
        Dav e = ts.dav(editor);
        String mount = Dav.enc(name);
        assertThat(e.put(mount + "/a.bin", "a".repeat(600)).statusCode()).isEqualTo(201);
        assertThat(e.put(mount + "/b.bin", "b".repeat(600)).statusCode()).isEqualTo(507);
        assertThat(e.get(mount + "/b.bin").statusCode()).isEqualTo(404);
        assertThat(e.put("home.bin", "h".repeat(600)).statusCode())
                .as("the home has no quota")
                .isEqualTo(201);
        var q = ts.backend.files().quota(principal(editor), FilePath.parse(name + "/a.bin"));
        assertThat(q.used()).isEqualTo(600);
        assertThat(q.limit()).isEqualTo(1000);
        assertThat(q.available()).isEqualTo(400);
        assertThat(e.copy("home.bin", mount + "/copied.bin").statusCode())
                .as("COPY into a full team folder")
                .isEqualTo(507);
        assertThat(e.move("home.bin", mount + "/moved.bin").statusCode())
                .as("MOVE into a full team folder")
                .isEqualTo(507);
        assertThat(e.get("home.bin").body()).as("the source stays").hasSize(600);
    }

    @Test
    void moveBetweenHomeAndTeamFolderKeepsIdsAndEtags() {
        String editor = ts.newUser("tx");
        String name = folderForGroup(groupWith(editor), Role.EDITOR, -1);
        Dav e = ts.dav(editor);
        String mount = Dav.enc(name);
        assertThat(e.mkcol("proj").statusCode()).isEqualTo(201);
        assertThat(e.mkcol("proj/sub").statusCode()).isEqualTo(201);
        assertThat(e.put("proj/sub/f.txt", "file").statusCode()).isEqualTo(201);
        String fileId =
                e.get("proj/sub/f.txt").headers().firstValue("OC-FileId").orElseThrow();
        String fileEtag = e.etag("proj/sub/f.txt");
        String homeRoot = e.etag("");
        String pointEtag = e.etag(mount);

        assertThat(e.move("proj", mount + "/proj").statusCode()).isEqualTo(201);
        assertThat(e.get("proj/sub/f.txt").statusCode()).isEqualTo(404);
        HttpResponse<String> moved = e.get(mount + "/proj/sub/f.txt");
        assertThat(moved.body()).isEqualTo("file");
        assertThat(moved.headers().firstValue("OC-FileId")).contains(fileId);
        assertThat(e.etag(mount + "/proj/sub/f.txt")).isEqualTo(fileEtag);
        assertThat(e.etag(mount)).isNotEqualTo(pointEtag);
        assertThat(e.etag("")).isNotEqualTo(homeRoot);

        // the moved rows now belong to the team folder: writes below count against its space, and another member
        // sees them
        String other = ts.newUser("ty");
        folders.grant(A, name, Subject.Type.USER, other, Role.VIEWER);
        assertThat(ts.dav(other).get(mount + "/proj/sub/f.txt").body()).isEqualTo("file");
        assertThat(e.put(mount + "/proj/sub/g.txt", "g").statusCode()).isEqualTo(201);
        assertThat(ts.backend
                        .files()
                        .quota(principal(editor), FilePath.parse(name))
                        .used())
                .isEqualTo(5);

        assertThat(e.move(mount + "/proj", "back").statusCode()).isEqualTo(201);
        assertThat(e.get("back/sub/f.txt").headers().firstValue("OC-FileId")).contains(fileId);
        assertThat(e.get("back/sub/g.txt").body()).isEqualTo("g");
        assertThat(ts.dav(other).get(mount + "/proj/sub/f.txt").statusCode()).isEqualTo(404);
        assertThat(ts.backend
                        .files()
                        .quota(principal(editor), FilePath.parse(name))
                        .used())
                .isZero();
    }

    @Test
    void aLockTakenByOneMemberHoldsForTheOthers() {
        String alice = ts.newUser("tl");
        String bob = ts.newUser("tl");
        String name = folderForGroup(groupWith(alice, bob), Role.EDITOR, -1);
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        String mount = Dav.enc(name);
        assertThat(a.put(mount + "/doc.odt", "v1").statusCode()).isEqualTo(201);
        HttpResponse<String> lock = a.send(
                "LOCK",
                a.url(mount + "/doc.odt"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                        + "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype>"
                        + "<d:owner>alice</d:owner></d:lockinfo>",
                "Content-Type",
                "application/xml",
                "Depth",
                "0");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        assertThat(b.put(mount + "/doc.odt", "bob").statusCode())
                .as("bob without the token")
                .isEqualTo(423);
        assertThat(b.props(mount + "/doc.odt", "0", "lockdiscovery").self().text("lockdiscovery"))
                .contains("alice");
        assertThat(a.put(mount + "/doc.odt", "v2", "If", "(" + token + ")").statusCode())
                .isEqualTo(204);
        assertThat(a.send("UNLOCK", a.url(mount + "/doc.odt"), null, "Lock-Token", token)
                        .statusCode())
                .isEqualTo(204);
        assertThat(b.put(mount + "/doc.odt", "bob").statusCode()).isEqualTo(204);
    }

    @Test
    void aMountHidesAHomeEntryOfTheSameName() throws Exception {
        String user = ts.newUser("th");
        String name = unique("Clash ");
        Dav d = ts.dav(user);
        String mount = Dav.enc(name);
        assertThat(d.mkcol(mount).statusCode()).isEqualTo(201);
        assertThat(d.put(mount + "/home-file.txt", "home").statusCode()).isEqualTo(201);
        folders.create(A, name, -1);
        folders.grant(A, name, Subject.Type.USER, user, Role.EDITOR);
        Thread.sleep(1_100); // the mount cache of this user may still hold the state before the grant

        List<String> listed = rootListing(d);
        assertThat(listed.stream().filter(h -> h.endsWith("/" + name + "/"))).hasSize(1);
        assertThat(d.get(mount + "/home-file.txt").statusCode())
                .as("the path leads into the team folder")
                .isEqualTo(404);
        assertThat(d.put(mount + "/team-file.txt", "team").statusCode()).isEqualTo(201);

        folders.revoke(A, name, Subject.Type.USER, user);
        Thread.sleep(1_100);
        assertThat(d.get(mount + "/home-file.txt").body())
                .as("the home entry is back")
                .isEqualTo("home");
        assertThat(d.get(mount + "/team-file.txt").statusCode()).isEqualTo(404);
    }
}
