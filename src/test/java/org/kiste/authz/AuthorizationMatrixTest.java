package org.kiste.authz;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may do what, through which door, as one table. Each grid below is read as rows of operations (first
 * column, see {@link Op}) and columns of actors (header, see {@link Actor}); a cell is the status the actor must
 * get, {@code hide} when the place must look exactly like nothing at all (see {@link Expect.Kind#HIDDEN}),
 * {@code blind} when a listing is allowed but must show nothing of the place, capitals for the
 * {@code oc:permissions} letters a file must show (as Nextcloud builds them: S R M G D N V W),
 * {@code -} when the pair makes no sense. Every cell becomes one test against one shared world ({@link World}), made over real HTTP by
 * {@link Probe}, which also checks that what was refused changed nothing and what was allowed happened (a MOVE
 * keeps file id and etag).
 */
class AuthorizationMatrixTest {
    /** {@code /remote.php/dav/files/…}: the owner's folder, the team folder, the full team folder. */
    static final String WEBDAV = """
            op             owner  viewer editor manager other nonmember anonymous
            list           207    207    207    207     hide  hide      401
            list-parent    207    207    207    207     hide  blind     401
            list-users     207    207    207    207     blind blind     401
            search         207    207    207    207     hide  blind     401
            search-area    RGDNVW MG     MGDNVW RMGDNVW hide  hide      401
            read           200    200    200    200     hide  hide      401
            permissions    RGDNVW MG     MGDNVW RMGDNVW hide  hide      401
            write          204    403    204    204     hide  hide      401
            create         201    403    201    201     hide  hide      401
            mkcol          201    403    201    201     hide  hide      401
            delete         204    403    204    204     hide  hide      401
            rename         201    403    201    201     hide  hide      401
            move-in        201    403    201    201     hide  hide      401
            copy-in        201    403    201    201     hide  hide      401
            move-out       201    403    201    201     hide  hide      401
            copy-out       201    201    201    201     hide  hide      401
            lock           200    403    200    200     hide  hide      401
            locked-write   423    403    423    423     hide  hide      401
            proppatch      207    403    207    207     hide  hide      401
            move-in-full   -      403    507    507     -     hide      -
            copy-in-full   -      403    507    507     -     hide      -
            move-out-full  -      403    507    507     -     hide      -
            copy-out-full  -      507    507    507     -     hide      -
            """;

    /**
     * {@code /remote.php/dav/files/…}: recipients of a folder share with Nextcloud's permission bits (rg15 through a
     * group), and a former recipient; the full place is a folder shared with the same bits by a user whose home has
     * no room left.
     */
    static final String WEBDAV_SHARES = """
            op             r1     r3     r5     r9      r17   r31      rg15    r-gone
            list           207    207    207    207     207   207      207     hide
            list-parent    207    207    207    207     207   207      207     blind
            list-users     207    207    207    207     207   207      207     207
            search         207    207    207    207     207   207      207     blind
            search-area    SG     SGNVW  SG     SGD     SRG   SRGDNVW  SGDNVW  hide
            read           200    200    200    200     200   200      200     hide
            permissions    SG     SGNVW  SG     SGD     SRG   SRGDNVW  SGDNVW  hide
            write          403    204    403    403     403   204      204     hide
            create         403    403    201    403     403   201      201     hide
            mkcol          403    403    201    403     403   201      201     hide
            delete         403    403    403    204     403   204      204     hide
            rename         403    201    403    403     403   201      201     hide
            move-in        403    403    201    403     403   201      201     hide
            copy-in        403    403    201    403     403   201      201     hide
            move-out       403    403    403    201     403   201      201     hide
            copy-out       201    201    201    201     201   201      201     hide
            lock           403    200    403    403     403   200      200     hide
            locked-write   403    423    403    403     403   423      423     hide
            proppatch      403    207    403    403     403   207      207     hide
            unshare        204    204    204    204     204   204      204     -
            keep-in-folder 201    201    201    201     201   201      201     -
            move-in-full   403    403    507    403     403   507      507     -
            copy-in-full   403    403    507    403     403   507      507     -
            move-out-full  403    403    403    507     403   507      507     -
            copy-out-full  507    507    507    507     507   507      507     -
            """;

    /**
     * {@code /public.php/dav/files/{token}/…} without credentials: links to a folder; "home" is the owner's own
     * folder, which a visitor can neither take from (401: the private door) nor move or copy into (403).
     */
    static final String PUBLIC_DAV = """
            op            link-r  link-legacy  link-rw  link-drop  link-pw-ok  link-pw  link-gone  link-expired
            list          207     207          207      blind      207         401      hide       hide
            list-users    401     401          401      401        401         401      401        401
            read          200     200          200      403        200         401      hide       hide
            permissions   G       G            GDNVW    403        GDNVW       401      hide       hide
            write         403     403          204      201        204         401      hide       hide
            create        403     403          201      201        201         401      hide       hide
            mkcol         403     403          201      403        201         401      hide       hide
            delete        403     403          204      403        204         401      hide       hide
            rename        403     403          201      403        201         401      hide       hide
            move-in       401     401          401      401        401         401      401        401
            copy-in       401     401          401      401        401         401      401        401
            move-out      403     403          403      403        403         401      hide       hide
            copy-out      403     403          403      403        403         401      hide       hide
            lock          403     403          200      403        200         401      hide       hide
            locked-write  403     403          423      201        423         401      hide       hide
            proppatch     403     403          207      403        207         401      hide       hide
            """;

    /** {@code /s/{token}}: the page, and a file's download from it. */
    static final String PUBLIC_PAGE = """
            op             link-r  link-rw  link-drop  link-pw   link-gone  link-expired
            page           200     200      blind200   blind200  hide       hide
            page-download  200     200      404        303       hide       hide
            """;

    /**
     * {@code /ocs/v2.php/…}; the share rows share a file of the actor's area (by its path in the actor's own tree)
     * with another user: read-only, read and update, and as a read-only public link.
     */
    static final String OCS = """
            op            owner viewer editor manager other nonmember anonymous r1   r3   r5   r9   r17  r31  rg15  r-gone
            capabilities  200   200    200    200     200   200       200       200  200  200  200  200  200  200   200
            user          200   200    200    200     200   200       401       200  200  200  200  200  200  200   200
            user-record   200   hide   hide   hide    hide  hide      401       hide hide hide hide hide hide hide  hide
            share         200   403    403    200     hide  hide      401       403  403  403  403  200  200  403   hide
            share-rw      200   403    403    200     hide  hide      401       403  403  403  403  403  200  403   hide
            share-link    200   403    403    200     hide  hide      401       403  403  403  403  200  200  403   hide
            """;

    private static World world;

    static List<Case> table() {
        List<Case> out = new ArrayList<>();
        parse(Door.WEBDAV, WEBDAV, out);
        parse(Door.WEBDAV, WEBDAV_SHARES, out);
        parse(Door.OCS, OCS, out);
        parse(Door.PUBLIC_DAV, PUBLIC_DAV, out);
        parse(Door.PUBLIC_PAGE, PUBLIC_PAGE, out);
        return out;
    }

    private static void parse(Door door, String grid, List<Case> out) {
        String[] lines = grid.strip().split("\n");
        String[] header = lines[0].trim().split("\\s+");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].trim().split("\\s+");
            if (cells.length != header.length) {
                throw new IllegalArgumentException(
                        door + " row '" + lines[i] + "' has " + cells.length + " cells, not " + header.length);
            }
            Op op = Op.ofLabel(cells[0]);
            for (int j = 1; j < cells.length; j++) {
                Expect e = Expect.parse(cells[j]);
                if (e != null) {
                    out.add(new Case(out.size() + 1, door, op, Actor.ofColumn(header[j]), e));
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> matrix() {
        return table().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> probe().check(c)));
    }

    private static synchronized Probe probe() {
        if (world == null) {
            world = new World();
        }
        return new Probe(world);
    }
}
