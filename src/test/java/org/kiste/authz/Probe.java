package org.kiste.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kiste.authz.World.Seat;
import org.kiste.authz.World.Spot;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;

/**
 * Runs one row of the matrix over real HTTP: prepares the files the operation needs (as someone allowed to),
 * makes the request as the row's actor, judges the answer against the cell, then checks from the inside that the
 * effect happened exactly when the cell allows it. A hidden place is also asked for at a twin URL where nothing
 * ever existed: the two answers must not differ.
 */
final class Probe {
    private static final String LOCK_BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:lockinfo xmlns:d=\"DAV:\">"
            + "<d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype>"
            + "<d:owner>matrix</d:owner></d:lockinfo>";
    private static final String MARK_NS = "urn:kiste:matrix";
    private static final String IDS = MultiStatus.propBody("{http://owncloud.org/ns}fileid", "getetag");

    private final World world;

    Probe(World world) {
        this.world = world;
    }

    void check(Case c) {
        Seat s = world.seat(c.actor());
        String id = Integer.toString(c.row());
        Before before = prepare(c.op(), s, id, false);
        Exchange x = perform(c.op(), s, id, false);
        Expect e = c.expect();
        switch (e.kind()) {
            case STATUS -> {
                assertThat(x.status()).as("status of %s", x.evidence()).isEqualTo(e.status());
                if (e.allowed()) {
                    confirm(c.op(), s, x);
                }
                if (x.status() == 401) {
                    assertNoSecrets(s, x);
                    assertThat(x.headers())
                            .as("RFC 7235: a 401 challenges, %s", x.evidence())
                            .containsIgnoringCase("www-authenticate");
                }
            }
            case LETTERS -> {
                assertThat(x.status()).as("status of %s", x.evidence()).isEqualTo(207);
                assertThat(MultiStatus.parse(207, null, x.body()).self().text("{http://owncloud.org/ns}permissions"))
                        .as("oc:permissions in %s", x.evidence())
                        .isEqualTo(e.letters());
            }
            case BLIND -> {
                assertThat(x.status()).as("status of %s", x.evidence()).isEqualTo(e.status());
                assertNoSecrets(s, x);
            }
            case HIDDEN -> {
                assertThat(x.status())
                        .as("hidden, so neither allowed nor a login question: %s", x.evidence())
                        .isNotEqualTo(401)
                        .isGreaterThanOrEqualTo(300);
                if (aimsAtArea(c.op())) {
                    assertThat(x.status())
                            .as("what does not exist is not found (404, or 409 for a missing parent): %s", x.evidence())
                            .isIn(404, 409);
                }
                assertNoSecrets(s, x);
                prepare(c.op(), s, id + "t", true);
                Exchange twin = perform(c.op(), s, id + "t", true);
                assertThat(x.status())
                        .as("same answer as where nothing exists: %s%n  twin: %s", x.evidence(), twin.evidence())
                        .isEqualTo(twin.status());
            }
        }
        if (s.link() != null && s.link().drop() && e.kind() != Expect.Kind.HIDDEN) {
            assertNoSecrets(s, x);
            prepare(c.op(), s, id + "t", true);
            Exchange twin = perform(c.op(), s, id + "t", true);
            assertThat(x.status())
                    .as(
                            "an upload-only link answers alike whether the name exists: %s%n  no such name: %s",
                            x.evidence(), twin.evidence())
                    .isEqualTo(twin.status());
        }
        assertNothingForeign(s, x);
        effects(c.op(), s, id, e.allowed(), before, x);
    }

    /** What was there before the request, for checks that compare (ids and etags of what moves). */
    private record Before(String ids) {}

    // ---- preparing ---------------------------------------------------------------------------------------

    private Before prepare(Op op, Seat s, String id, boolean twin) {
        return switch (op) {
            case WRITE, DELETE, LOCK, PROPPATCH, COPY_OUT, SHARE, SHARE_RW, SHARE_LINK, PERMISSIONS -> {
                if (!twin) {
                    put(row(s, id), "orig-" + id);
                }
                yield new Before(null);
            }
            case RENAME, MOVE_OUT -> {
                if (twin) {
                    yield new Before(null);
                }
                put(row(s, id), "orig-" + id);
                yield new Before(ids(row(s, id)));
            }
            case LOCKED_WRITE -> {
                if (!twin) {
                    Spot f = row(s, id);
                    put(f, "orig-" + id);
                    HttpResponse<String> l = f.inspector()
                            .send("LOCK", f.inspectorUrl(), LOCK_BODY, "Content-Type", "application/xml", "Depth", "0");
                    assertThat(l.statusCode())
                            .as("LOCK by %s: %s", f.inspector().login, l.body())
                            .isEqualTo(200);
                }
                yield new Before(null);
            }
            case UNSHARE -> {
                Spot folder = unshared(s, id);
                HttpResponse<String> r = folder.inspector().send("MKCOL", folder.inspectorUrl(), null);
                assertThat(r.statusCode()).as("MKCOL %s", folder.inspectorUrl()).isEqualTo(201);
                world.shareFolder("u-" + id, s.actor());
                yield new Before(null);
            }
            case KEEP_IN_FOLDER -> {
                Spot folder = kept(id);
                HttpResponse<String> r = folder.inspector().send("MKCOL", folder.inspectorUrl(), null);
                assertThat(r.statusCode()).as("MKCOL %s", folder.inspectorUrl()).isEqualTo(201);
                world.shareFolder("k-" + id, s.actor());
                Spot own = s.home().child("keep-" + id);
                HttpResponse<String> m = own.inspector().send("MKCOL", own.inspectorUrl(), null);
                assertThat(m.statusCode()).as("MKCOL %s", own.inspectorUrl()).isEqualTo(201);
                yield new Before(null);
            }
            case COPY_IN -> {
                put(s.home().child("cin-" + id + ".txt"), "cin-" + id);
                yield new Before(null);
            }
            case MOVE_IN -> {
                put(s.home().child("in-" + id + ".txt"), "in-" + id);
                yield new Before(ids(s.home().child("in-" + id + ".txt")));
            }
            case MOVE_IN_FULL, COPY_IN_FULL -> {
                put(s.home().child("fin-" + id + ".bin"), "f".repeat(World.FULL_TOO_BIG));
                yield new Before(null);
            }
            case MOVE_OUT_FULL, COPY_OUT_FULL -> {
                if (!twin) {
                    put(s.area().child("big-" + id + ".bin"), "B".repeat(World.BIG));
                }
                yield new Before(null);
            }
            default -> new Before(null);
        };
    }

    // ---- the request ------------------------------------------------------------------------------------

    private Exchange perform(Op op, Seat s, String id, boolean twin) {
        Dav d = s.client();
        String area = s.area().at(twin);
        String row = area + "row-" + id + ".txt";
        String home = s.home().url();
        String full = s.full() == null ? null : s.full().at(twin);
        HttpResponse<String> r = switch (op) {
            case LIST -> send(d, "PROPFIND", area, null, "Depth", "1");
            case LIST_PARENT -> send(d, "PROPFIND", parent(area), null, "Depth", "1");
            case LIST_USERS -> send(d, "PROPFIND", world.base() + "/remote.php/dav/files/", null, "Depth", "1");
            case SEARCH ->
                send(
                        d,
                        "SEARCH",
                        world.base() + "/remote.php/dav/",
                        "<?xml version=\"1.0\"?><d:searchrequest"
                                + " xmlns:d=\"DAV:\"><d:basicsearch><d:select><d:prop><d:displayname/><d:getcontentlength/></d:prop>"
                                + "</d:select><d:from><d:scope><d:href>" + treeOf(area)
                                + "</d:href><d:depth>infinity</d:depth></d:scope>"
                                + "</d:from><d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%" + world.tag
                                + "%</d:literal></d:like></d:where></d:basicsearch></d:searchrequest>",
                        "Content-Type",
                        "text/xml");
            case SEARCH_AREA ->
                send(
                        d,
                        "SEARCH",
                        world.base() + "/remote.php/dav/",
                        "<?xml version=\"1.0\"?><d:searchrequest"
                                + " xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:basicsearch><d:select><d:prop><oc:permissions/>"
                                + "</d:prop></d:select><d:from><d:scope><d:href>" + treeOf(area)
                                + Dav.encPath(inTree(area))
                                + "</d:href><d:depth>infinity</d:depth></d:scope></d:from><d:where><d:like><d:prop><d:displayname/>"
                                + "</d:prop><d:literal>" + s.secrets().get(0)
                                + "</d:literal></d:like></d:where></d:basicsearch>"
                                + "</d:searchrequest>",
                        "Content-Type",
                        "text/xml");
            case READ -> send(d, "GET", area + Dav.enc(secretFile(s, twin)), null);
            case PERMISSIONS ->
                send(d, "PROPFIND", row, MultiStatus.propBody("{http://owncloud.org/ns}permissions"), "Depth", "0");
            case WRITE, LOCKED_WRITE -> send(d, "PUT", row, "changed-" + id);
            case CREATE -> send(d, "PUT", area + "new-" + id + ".txt", "new-" + id);
            case MKCOL -> send(d, "MKCOL", area + "dir-" + id, null);
            case DELETE -> send(d, "DELETE", row, null);
            case RENAME -> send(d, "MOVE", row, null, "Destination", area + "renamed-" + id + ".txt");
            case MOVE_IN ->
                send(d, "MOVE", home + "in-" + id + ".txt", null, "Destination", area + "in-" + id + ".txt");
            case COPY_IN ->
                send(d, "COPY", home + "cin-" + id + ".txt", null, "Destination", area + "cin-" + id + ".txt");
            case MOVE_OUT -> send(d, "MOVE", row, null, "Destination", home + "out-" + id + ".txt");
            case COPY_OUT -> send(d, "COPY", row, null, "Destination", home + "copy-" + id + ".txt");
            case LOCK -> send(d, "LOCK", row, LOCK_BODY, "Content-Type", "application/xml", "Depth", "0");
            case PROPPATCH ->
                send(
                        d,
                        "PROPPATCH",
                        row,
                        "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:m=\"" + MARK_NS
                                + "\"><d:set><d:prop><m:mark>" + id + "</m:mark></d:prop></d:set></d:propertyupdate>",
                        "Content-Type",
                        "application/xml");
            case MOVE_IN_FULL, COPY_IN_FULL ->
                send(
                        d,
                        op == Op.MOVE_IN_FULL ? "MOVE" : "COPY",
                        home + "fin-" + id + ".bin",
                        null,
                        "Destination",
                        full + "fin-" + id + ".bin");
            case MOVE_OUT_FULL, COPY_OUT_FULL ->
                send(
                        d,
                        op == Op.MOVE_OUT_FULL ? "MOVE" : "COPY",
                        area + "big-" + id + ".bin",
                        null,
                        "Destination",
                        home + "big-" + id + ".bin");
            case CAPABILITIES ->
                send(
                        d,
                        "GET",
                        world.base() + "/ocs/v2.php/cloud/capabilities?format=json",
                        null,
                        "OCS-APIRequest",
                        "true");
            case USER ->
                send(d, "GET", world.base() + "/ocs/v2.php/cloud/user?format=json", null, "OCS-APIRequest", "true");
            case USER_RECORD ->
                send(
                        d,
                        "GET",
                        world.base() + "/ocs/v2.php/cloud/users/" + (twin ? world.ghost : world.owner) + "?format=json",
                        null,
                        "OCS-APIRequest",
                        "true");
            case SHARE, SHARE_RW, SHARE_LINK ->
                send(
                        d,
                        "POST",
                        world.base() + "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json",
                        "path="
                                + URLEncoder.encode("/" + inTree(area) + "row-" + id + ".txt", StandardCharsets.UTF_8)
                                + (op == Op.SHARE_LINK ? "&shareType=3" : "&shareType=0&shareWith=" + world.sharee)
                                + "&permissions=" + (op == Op.SHARE_RW ? 3 : 1),
                        "OCS-APIRequest",
                        "true",
                        "Content-Type",
                        "application/x-www-form-urlencoded");
            case UNSHARE -> send(d, "DELETE", home + "u-" + id + "/", null);
            case KEEP_IN_FOLDER ->
                send(d, "MOVE", home + "k-" + id + "/", null, "Destination", home + "keep-" + id + "/k-" + id + "/");
            case PAGE -> send(d, "GET", page(s, twin), null);
            case PAGE_DOWNLOAD ->
                send(d, "GET", page(s, twin) + "/download?path=%2F" + Dav.enc(secretFile(s, twin)), null);
        };
        return Exchange.of(r, sentBody);
    }

    /** The search scope of the user tree a URL lies in: {@code /files/{user}/}. */
    private static String treeOf(String treeUrl) {
        String rest = treeUrl.substring(treeUrl.indexOf("/remote.php/dav/files/") + "/remote.php/dav/".length());
        return "/" + rest.substring(0, rest.indexOf('/', "files/".length()) + 1);
    }

    /** A user tree's URL as a path of that tree (decoded, no leading slash): what OCS calls a path. */
    private static String inTree(String treeUrl) {
        String rest = treeUrl.substring(treeUrl.indexOf("/remote.php/dav/files/") + "/remote.php/dav/files/".length());
        return Dav.decode(rest.substring(rest.indexOf('/') + 1));
    }

    /** The area's secret file; for the twin of an upload-only link, a name that does not exist there. */
    private static String secretFile(Seat s, boolean twin) {
        return twin && s.area().twin() == null
                ? "nothing-" + s.secrets().get(0)
                : s.secrets().get(0);
    }

    private String page(Seat s, boolean twin) {
        return world.base() + "/s/"
                + (twin && s.link().twinToken() != null
                        ? s.link().twinToken()
                        : s.link().token());
    }

    private String sentBody;

    /** Sends and remembers the body, so that what the request itself named is not taken for a leak. */
    private HttpResponse<String> send(Dav d, String method, String url, String body, String... headers) {
        sentBody = body;
        return d.send(method, url, body, headers);
    }

    /** Whether the request's own URL (not only its Destination) lies in the area. */
    private static boolean aimsAtArea(Op op) {
        return switch (op) {
            case MOVE_IN,
                    COPY_IN,
                    MOVE_IN_FULL,
                    COPY_IN_FULL,
                    LIST_USERS,
                    SEARCH,
                    SEARCH_AREA,
                    CAPABILITIES,
                    USER,
                    USER_RECORD,
                    SHARE,
                    SHARE_RW,
                    SHARE_LINK -> false;
            default -> true;
        };
    }

    // ---- judging ----------------------------------------------------------------------------------------

    /** An allowed answer carries what it should. */
    private void confirm(Op op, Seat s, Exchange x) {
        switch (op) {
            case LIST ->
                assertThat(x.body())
                        .as("the listing shows the secret file and its size")
                        .contains(Dav.enc(s.secrets().get(0)))
                        .contains(">" + s.secrets().get(1) + "<");
            case LIST_PARENT ->
                assertThat(x.body())
                        .as("the parent lists the area")
                        .contains(lastSegment(s.area().url()));
            case SEARCH ->
                assertThat(x.body())
                        .as("the search finds the area's file")
                        .contains(Dav.enc(s.secrets().get(0)));
            case LIST_USERS -> assertThat(x.body()).as("the actor's own tree").contains("/" + Dav.enc(s.login()) + "/");
            case READ ->
                assertThat(x.body()).hasSize(Integer.parseInt(s.secrets().get(1)));
            case PROPPATCH ->
                assertThat(MultiStatus.parse(207, null, x.body()).self().statusOf("{" + MARK_NS + "}mark"))
                        .as("propstat of the dead property")
                        .isEqualTo(200);
            case USER -> assertThat(x.body()).contains("\"id\":\"" + s.login() + "\"");
            case USER_RECORD -> assertThat(x.body()).contains("\"id\":\"" + world.owner + "\"");
            case CAPABILITIES -> assertThat(x.body()).contains("\"capabilities\"");
            case SHARE, SHARE_RW -> assertThat(x.body()).contains("\"share_with\":\"" + world.sharee + "\"");
            case SHARE_LINK -> assertThat(x.body()).contains("\"token\":\"");
            case PAGE ->
                assertThat(x.body())
                        .as("the page lists the file")
                        .contains(s.secrets().get(0));
            case PAGE_DOWNLOAD ->
                assertThat(x.body()).hasSize(Integer.parseInt(s.secrets().get(1)));
            default -> {}
        }
    }

    /** Names and sizes of the place the actor must not see, unless the request itself named them. */
    private static void assertNoSecrets(Seat s, Exchange x) {
        assertThat(leaks(s.secrets(), x))
                .as("names or sizes leaked by %s", x.evidence())
                .isEmpty();
    }

    /** Names and sizes of places that are none of the actor's business, in any answer. */
    private static void assertNothingForeign(Seat s, Exchange x) {
        assertThat(leaks(s.foreign(), x))
                .as("foreign names or sizes in %s", x.evidence())
                .isEmpty();
    }

    private static List<String> leaks(List<String> secrets, Exchange x) {
        String request = Dav.decode(x.request()) + "\n" + x.requestBody();
        List<String> leaked = new ArrayList<>();
        for (String secret : secrets) {
            if (request.contains(secret) || request.contains(Dav.enc(secret))) {
                continue;
            }
            String v = x.visible();
            boolean found;
            if (secret.chars().allMatch(Character::isDigit)) {
                found = v.contains(">" + secret + "<")
                        || v.contains(":" + secret + ",")
                        || v.contains(":" + secret + "}")
                        || v.contains("\"" + secret + "\"")
                        || v.contains("[" + secret + "]");
            } else {
                found = v.contains(secret) || v.contains(Dav.enc(secret));
            }
            if (found) {
                leaked.add(secret);
            }
        }
        return leaked;
    }

    /** The state afterwards, seen by someone allowed to look: changed exactly when the cell allows it. */
    private void effects(Op op, Seat s, String id, boolean allowed, Before before, Exchange x) {
        String why = "after " + x.evidence();
        Spot row = row(s, id);
        switch (op) {
            case WRITE, LOCKED_WRITE -> {
                boolean drop = s.link() != null && s.link().drop();
                assertThat(content(row))
                        .as(drop ? "an upload-only link never replaces " + why : why)
                        .isEqualTo((allowed && !drop ? "changed-" : "orig-") + id);
            }
            case CREATE ->
                assertThat(exists(s.area().child("new-" + id + ".txt"))).as(why).isEqualTo(allowed);
            case MKCOL ->
                assertThat(exists(s.area().child("dir-" + id))).as(why).isEqualTo(allowed);
            case DELETE -> assertThat(exists(row)).as(why).isEqualTo(!allowed);
            case RENAME -> moved(row, s.area().child("renamed-" + id + ".txt"), allowed, before, why);
            case MOVE_IN ->
                moved(s.home().child("in-" + id + ".txt"), s.area().child("in-" + id + ".txt"), allowed, before, why);
            case MOVE_OUT -> moved(row, s.home().child("out-" + id + ".txt"), allowed, before, why);
            case COPY_IN -> {
                assertThat(exists(s.home().child("cin-" + id + ".txt")))
                        .as("source %s", why)
                        .isTrue();
                assertThat(content(s.area().child("cin-" + id + ".txt")))
                        .as(why)
                        .isEqualTo(allowed ? "cin-" + id : null);
            }
            case COPY_OUT -> {
                assertThat(exists(row)).as(why).isTrue();
                assertThat(content(s.home().child("copy-" + id + ".txt")))
                        .as(why)
                        .isEqualTo(allowed ? "orig-" + id : null);
            }
            case LOCK -> {
                HttpResponse<String> w = row.inspector().send("PUT", row.inspectorUrl(), "inspector-" + id);
                assertThat(w.statusCode()).as("PUT without the token %s", why).isEqualTo(allowed ? 423 : 204);
            }
            case SHARE, SHARE_RW -> {
                Dav shareeDav = world.ts.dav(world.sharee);
                HttpResponse<String> seen = shareeDav.send(
                        "PROPFIND",
                        world.tree(world.sharee) + "row-" + id + ".txt",
                        MultiStatus.propBody("{http://owncloud.org/ns}permissions"),
                        "Depth",
                        "0");
                assertThat(seen.statusCode()).as("the recipient's view %s", why).isEqualTo(allowed ? 207 : 404);
                if (allowed) {
                    String letters = MultiStatus.parse(seen).self().text("{http://owncloud.org/ns}permissions");
                    assertThat(letters.contains("W"))
                            .as("write letter in %s %s", letters, why)
                            .isEqualTo(op == Op.SHARE_RW);
                }
            }
            case SHARE_LINK -> assertThat(x.body()).as(why).contains(allowed ? "\"token\":\"" : "\"statuscode\"");
            case UNSHARE -> {
                assertThat(exists(unshared(s, id)))
                        .as("the owner keeps the folder %s", why)
                        .isTrue();
                assertThat(exists(s.home().child("u-" + id)))
                        .as("the recipient's mount %s", why)
                        .isEqualTo(!allowed);
            }
            case KEEP_IN_FOLDER -> {
                assertThat(exists(kept(id)))
                        .as("the owner keeps the folder where it was %s", why)
                        .isTrue();
                assertThat(exists(s.home().child("k-" + id)))
                        .as("the mount at the top %s", why)
                        .isEqualTo(!allowed);
                Spot home = s.home();
                Spot inFolder = new Spot(null, null, home.inspector(), home.inspectorUrl() + "keep-" + id + "/k-" + id);
                assertThat(exists(inFolder))
                        .as("the mount in the recipient's folder %s", why)
                        .isEqualTo(allowed);
            }
            case PROPPATCH -> {
                MultiStatus m = MultiStatus.parse(row.inspector()
                        .send(
                                "PROPFIND",
                                row.inspectorUrl(),
                                MultiStatus.propBody("{" + MARK_NS + "}mark"),
                                "Depth",
                                "0"));
                assertThat(m.self().text("{" + MARK_NS + "}mark")).as(why).isEqualTo(allowed ? id : null);
            }
            case MOVE_IN_FULL, COPY_IN_FULL -> {
                Spot src = s.home().child("fin-" + id + ".bin");
                Spot dst = s.full().child("fin-" + id + ".bin");
                assertThat(exists(src)).as("source %s", why).isEqualTo(!allowed || op == Op.COPY_IN_FULL);
                assertThat(exists(dst)).as("destination %s", why).isEqualTo(allowed);
            }
            case MOVE_OUT_FULL, COPY_OUT_FULL -> {
                Spot src = s.area().child("big-" + id + ".bin");
                Spot dst = s.home().child("big-" + id + ".bin");
                assertThat(exists(src)).as("source %s", why).isEqualTo(!allowed || op == Op.COPY_OUT_FULL);
                assertThat(exists(dst)).as("destination %s", why).isEqualTo(allowed);
            }
            default -> {}
        }
    }

    /** A MOVE happened with its file id and etag, or nothing happened at all. */
    private void moved(Spot from, Spot to, boolean allowed, Before before, String why) {
        assertThat(exists(from)).as("source %s", why).isEqualTo(!allowed);
        if (allowed) {
            assertThat(ids(to))
                    .as("oc:fileid and getetag kept by the MOVE %s", why)
                    .isEqualTo(before.ids());
        } else {
            assertThat(exists(to)).as("destination %s", why).isFalse();
        }
    }

    // ---- looking from the inside ------------------------------------------------------------------------

    /** The owner's folder that the keep-in-folder row shares with its recipient. */
    private Spot kept(String id) {
        Dav o = world.ts.dav(world.owner);
        return new Spot(null, null, o, world.tree(world.owner) + "k-" + id);
    }

    /** The owner's folder that the unshare row shares with its recipient. */
    private Spot unshared(Seat s, String id) {
        Dav o = world.ts.dav(world.owner);
        return new Spot(null, null, o, world.tree(world.owner) + "u-" + id);
    }

    private static Spot row(Seat s, String id) {
        return s.area().child("row-" + id + ".txt");
    }

    private static void put(Spot f, String content) {
        HttpResponse<String> r = f.inspector().send("PUT", f.inspectorUrl(), content);
        assertThat(r.statusCode())
                .as("preparing %s: %s", f.inspectorUrl(), r.body())
                .isIn(201, 204);
    }

    private static boolean exists(Spot f) {
        int st = f.inspector()
                .send("PROPFIND", f.inspectorUrl(), IDS, "Depth", "0")
                .statusCode();
        assertThat(st)
                .as("PROPFIND %s by %s", f.inspectorUrl(), f.inspector().login)
                .isIn(207, 404);
        return st == 207;
    }

    private static String content(Spot f) {
        HttpResponse<String> r = f.inspector().send("GET", f.inspectorUrl(), null);
        return r.statusCode() == 200 ? r.body() : null;
    }

    /** "fileid etag" of a file, or null when it is not there. */
    private static String ids(Spot f) {
        HttpResponse<String> r = f.inspector().send("PROPFIND", f.inspectorUrl(), IDS, "Depth", "0");
        if (r.statusCode() == 404) {
            return null;
        }
        MultiStatus.Response self = MultiStatus.parse(r).self();
        return self.text("{http://owncloud.org/ns}fileid") + " " + self.text("getetag");
    }

    private static String parent(String folderUrl) {
        String t = folderUrl.substring(0, folderUrl.length() - 1);
        return t.substring(0, t.lastIndexOf('/') + 1);
    }

    private static String lastSegment(String folderUrl) {
        String t = folderUrl.substring(0, folderUrl.length() - 1);
        return t.substring(t.lastIndexOf('/') + 1);
    }
}
