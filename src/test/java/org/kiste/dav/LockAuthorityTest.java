package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Share;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.Links;
import org.kiste.testing.TestServer;

/**
 * Locks that somebody can always break: a link's visitors get short locks; the owner of a file and a team
 * folder's managers may UNLOCK any lock on it with the token they see in lockdiscovery, others may not; revoking a
 * share or a link or disabling an account releases the locks taken through it.
 */
class LockAuthorityTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    private String linkUrl(Share link, String path) {
        return ts.baseUrl + "/public.php/dav/files/" + link.token() + "/" + path;
    }

    private static HttpResponse<String> lockAt(Dav dav, String url, String timeout) {
        return dav.send(
                "LOCK",
                url,
                DavLocks.lockinfo(true, null),
                "Content-Type",
                "application/xml; charset=utf-8",
                "Depth",
                "0",
                "Timeout",
                timeout);
    }

    /** Shares {@code path} of {@code owner} with a user or group, with every right but sharing (15). */
    private Share shareWith(String owner, String path, org.kiste.model.ShareType type, String with) {
        return links.shares()
                .create(
                        links.principal(owner),
                        new org.kiste.share.ShareRequest(
                                org.kiste.model.FilePath.parse(path), type, with, 15, null, null, null, null, null));
    }

    private static String token(Dav owner, String path) {
        List<DavLocks.Active> found = DavLocks.discovered(owner, path);
        assertThat(found).hasSize(1);
        return found.get(0).token();
    }

    @Test
    void aLinkVisitorsLockIsShortAndTheOwnerCanReleaseIt() {
        String owner = ts.newUser("lko");
        Dav dav = ts.dav(owner);
        dav.mkcol("Work");
        dav.put("Work/a.txt", "alpha");
        Share link = links.create(owner, "/Work", Links.READ_WRITE, null);
        Dav visitor = ts.anonymous();

        HttpResponse<String> seven = DavLocks.expectGranted(lockAt(visitor, linkUrl(link, "a.txt"), "Second-604800"));
        String visitorToken = DavLocks.tokenOf(seven);
        assertThat(DavLocks.fromLockAnswer(seven.body()).get(0).seconds()).isEqualTo(1800);
        // a refresh asking for more gets no more
        HttpResponse<String> refreshed = visitor.send(
                "LOCK", linkUrl(link, "a.txt"), null, "If", DavLocks.ifToken(visitorToken), "Timeout", "Infinite");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(DavLocks.fromLockAnswer(refreshed.body()).get(0).seconds()).isEqualTo(1800);

        assertThat(dav.put("Work/a.txt", "owner's").statusCode()).isEqualTo(423);
        String seen = token(dav, "Work/a.txt");
        assertThat(seen).isEqualTo(visitorToken);
        // another account with write access through a share cannot break it
        String friend = ts.newUser("lkf");
        Share userShare = shareWith(owner, "/Work", org.kiste.model.ShareType.USER, friend);
        Dav friendDav = ts.dav(friend);
        assertThat(DavLocks.unlock(friendDav, "Work/a.txt", "<" + seen + ">").statusCode())
                .isEqualTo(403);
        assertThat(DavLocks.unlock(dav, "Work/a.txt", "<" + seen + ">").statusCode())
                .isEqualTo(204);
        assertThat(dav.put("Work/a.txt", "owner's").statusCode()).isEqualTo(204);

        // revoking the share releases the locks its recipient took inside it
        String friendsLock = DavLocks.take(friendDav, "Work/a.txt", "0");
        assertThat(dav.put("Work/a.txt", "owner's again").statusCode()).isEqualTo(423);
        links.shares().delete(links.principal(owner), userShare.id());
        assertThat(ts.backend.locks().list(null)).noneMatch(l -> l.token().equals(friendsLock));
        assertThat(dav.put("Work/a.txt", "owner's again").statusCode()).isEqualTo(204);
    }

    @Test
    void revokingAGroupShareReleasesTheLocksItsMembersTookInside() {
        String owner = ts.newUser("lkg");
        Dav dav = ts.dav(owner);
        dav.mkcol("Band");
        dav.put("Band/setlist.txt", "one");
        String member = ts.newUser("lkm");
        String group = "lkgroup" + System.nanoTime();
        ts.backend.groups().add(org.kiste.audit.AuditLog.ADMIN_CLI, group, null);
        ts.backend.groups().addMember(org.kiste.audit.AuditLog.ADMIN_CLI, group, member);
        Share share = shareWith(owner, "/Band", org.kiste.model.ShareType.GROUP, group);
        String membersLock = DavLocks.take(ts.dav(member), "Band/setlist.txt", "0");
        assertThat(dav.put("Band/setlist.txt", "two").statusCode()).isEqualTo(423);
        links.shares().delete(links.principal(owner), share.id());
        assertThat(ts.backend.locks().list(null)).noneMatch(l -> l.token().equals(membersLock));
        assertThat(dav.put("Band/setlist.txt", "two").statusCode()).isEqualTo(204);
    }

    @Test
    void aLockStaysWhileItsHolderCanStillWriteThereAnotherWay() {
        String owner = ts.newUser("lkk");
        Dav dav = ts.dav(owner);
        dav.mkcol("Club");
        dav.mkcol("Club/Minutes");
        dav.put("Club/Minutes/june.txt", "one");
        String member = ts.newUser("lkn");
        String group = "lkkeep" + System.nanoTime();
        ts.backend.groups().add(AuditLog.ADMIN_CLI, group, null);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, member);
        // the member gets the folder from the group, and its subfolder directly, and locks a file through the latter
        Share groupShare = shareWith(owner, "/Club", org.kiste.model.ShareType.GROUP, group);
        Share direct = shareWith(owner, "/Club/Minutes", org.kiste.model.ShareType.USER, member);
        Dav memberDav = ts.dav(member);
        String lock = DavLocks.take(memberDav, "Minutes/june.txt", "0");
        assertThat(dav.put("Club/Minutes/june.txt", "owner's").statusCode()).isEqualTo(423);

        // the direct share goes: the member still writes the file through the group's share, and keeps the lock
        links.shares().delete(links.principal(owner), direct.id());
        assertThat(ts.backend.locks().list(null)).anyMatch(l -> l.token().equals(lock));
        assertThat(dav.put("Club/Minutes/june.txt", "owner's").statusCode()).isEqualTo(423);
        assertThat(memberDav
                        .put("Club/Minutes/june.txt", "member's", "If", DavLocks.ifToken(lock))
                        .statusCode())
                .isEqualTo(204);

        // a grant that only reads is no way to write: with the group's share gone, the lock goes too
        Share readOnly = links.shares()
                .create(
                        links.principal(owner),
                        new org.kiste.share.ShareRequest(
                                org.kiste.model.FilePath.parse("/Club"),
                                org.kiste.model.ShareType.USER,
                                member,
                                1,
                                null,
                                null,
                                null,
                                null,
                                null));
        assertThat(readOnly).isNotNull();
        links.shares().delete(links.principal(owner), groupShare.id());
        assertThat(ts.backend.locks().list(null)).noneMatch(l -> l.token().equals(lock));
        assertThat(dav.put("Club/Minutes/june.txt", "owner's").statusCode()).isEqualTo(204);
    }

    @Test
    void revokingAShareReleasesTheLocksTakenThroughItsReshares() {
        String owner = ts.newUser("lkr");
        Dav dav = ts.dav(owner);
        dav.mkcol("Choir");
        dav.put("Choir/notes.txt", "one");
        String first = ts.newUser("lks");
        String second = ts.newUser("lkt");
        Share share = links.shares()
                .create(
                        links.principal(owner),
                        new org.kiste.share.ShareRequest(
                                org.kiste.model.FilePath.parse("/Choir"),
                                org.kiste.model.ShareType.USER,
                                first,
                                31,
                                null,
                                null,
                                null,
                                null,
                                null));
        shareWith(first, "/Choir", org.kiste.model.ShareType.USER, second);
        String secondsLock = DavLocks.take(ts.dav(second), "Choir/notes.txt", "0");
        assertThat(dav.put("Choir/notes.txt", "two").statusCode()).isEqualTo(423);
        links.shares().delete(links.principal(owner), share.id());
        assertThat(ts.backend.locks().list(null)).noneMatch(l -> l.token().equals(secondsLock));
        assertThat(dav.put("Choir/notes.txt", "two").statusCode()).isEqualTo(204);
    }

    @Test
    void aTeamFoldersManagerCanReleaseAnEditorsLockAndAnotherEditorCannot() {
        String manager = ts.newUser("lkm");
        String editor = ts.newUser("lke");
        String other = ts.newUser("lkx");
        String name = "LockTeam" + System.nanoTime() % 1_000_000;
        ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, name, -1);
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, name, Subject.Type.USER, manager, Role.MANAGER);
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, name, Subject.Type.USER, editor, Role.EDITOR);
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, name, Subject.Type.USER, other, Role.EDITOR);
        String path = Dav.enc(name) + "/doc.odt";
        assertThat(ts.dav(editor).put(path, "v1").statusCode()).isEqualTo(201);
        String t = DavLocks.take(ts.dav(editor), path, "0");

        assertThat(DavLocks.unlock(ts.dav(other), path, "<" + t + ">").statusCode())
                .isEqualTo(403);
        assertThat(ts.dav(other).put(path, "v2").statusCode()).isEqualTo(423);
        assertThat(token(ts.dav(manager), path)).isEqualTo(t);
        assertThat(DavLocks.unlock(ts.dav(manager), path, "<" + t + ">").statusCode())
                .isEqualTo(204);
        assertThat(ts.dav(other).put(path, "v2").statusCode()).isEqualTo(204);

        // disabling an account releases its locks at once
        String t2 = DavLocks.take(ts.dav(editor), path, "0");
        assertThat(ts.dav(other).put(path, "v3").statusCode()).isEqualTo(423);
        ts.users().setEnabled(editor, false);
        assertThat(ts.backend.locks().list(null)).noneMatch(l -> l.token().equals(t2));
        assertThat(ts.dav(other).put(path, "v3").statusCode()).isEqualTo(204);
    }

    @Test
    void revokingALinkOrDisablingItsOwnerReleasesItsLocks() {
        String owner = ts.newUser("lkr");
        Dav dav = ts.dav(owner);
        dav.mkcol("Out");
        dav.put("Out/a.txt", "alpha");
        dav.put("Out/b.txt", "beta");
        Share link = links.create(owner, "/Out", Links.READ_WRITE, null);
        DavLocks.expectGranted(lockAt(ts.anonymous(), linkUrl(link, "a.txt"), "Second-600"));
        assertThat(dav.put("Out/a.txt", "mine").statusCode()).isEqualTo(423);
        links.revoke(owner, link);
        assertThat(ts.backend.locks().list(-link.id())).isEmpty();
        assertThat(dav.put("Out/a.txt", "mine").statusCode()).isEqualTo(204);

        Share second = links.create(owner, "/Out", Links.READ_WRITE, null);
        DavLocks.expectGranted(lockAt(ts.anonymous(), linkUrl(second, "b.txt"), "Second-600"));
        assertThat(ts.backend.locks().list(-second.id())).hasSize(1);
        ts.users().setEnabled(owner, false);
        assertThat(ts.backend.locks().list(-second.id())).isEmpty();
        ts.users().setEnabled(owner, true);
        assertThat(ts.dav(owner).put("Out/b.txt", "mine").statusCode()).isEqualTo(204);
    }
}
