package org.kiste.authz;

/**
 * Who makes the request, seen from the things the matrix is about: a user's home folder and a team folder. Each
 * actor works on the place their role concerns ({@link World.Seat#area()}): the owner on a folder of their home,
 * team folder roles on the team folder, the other user on the owner's folder (through the owner's URL), the
 * non-member on the team folder's name in their own tree, the anonymous caller on the owner's folder, a share's
 * recipient on the shared folder as it appears in their tree, a link's visitor on the linked folder through the
 * public doors.
 */
enum Actor {
    OWNER("owner"),
    VIEWER("viewer"),
    EDITOR("editor"),
    MANAGER("manager"),
    OTHER("other"),
    NON_MEMBER("nonmember"),
    ANONYMOUS("anonymous"),
    /** recipients of a user share of a folder of the owner, with these Nextcloud permission bits */
    R1("r1", 1),
    R3("r3", 3),
    R5("r5", 5),
    R9("r9", 9),
    R17("r17", 17),
    R31("r31", 31),
    /** a member of a group the folder is shared with (read, update, create, delete) */
    RG15("rg15", 15, true),
    /** a former recipient: the share was deleted */
    R_GONE("r-gone"),
    /** visitors of public links to a folder of the owner: read-only, read-write, upload-only ("drop") */
    LINK_R("link-r"),
    LINK_RW("link-rw"),
    LINK_DROP("link-drop"),
    /** the read-only link through the older {@code /public.php/webdav/} (Basic: the token, no password) */
    LINK_LEGACY("link-legacy"),
    /** a visitor of a read-write link with a password, who does not give it */
    LINK_PW("link-pw"),
    /** a visitor of the read-write link with a password, who gives it (Basic, any user name) */
    LINK_PW_OK("link-pw-ok"),
    /** a visitor of a link the owner has deleted */
    LINK_GONE("link-gone"),
    /** a visitor of a link whose expiry date has passed */
    LINK_EXPIRED("link-expired");

    final String column;
    /** the share's permission bits for a recipient, 0 for the others */
    final int shareBits;
    /** the share is made with a group the recipient is in */
    final boolean viaGroup;

    Actor(String column) {
        this(column, 0, false);
    }

    Actor(String column, int shareBits) {
        this(column, shareBits, false);
    }

    Actor(String column, int shareBits, boolean viaGroup) {
        this.column = column;
        this.shareBits = shareBits;
        this.viaGroup = viaGroup;
    }

    static Actor ofColumn(String column) {
        for (Actor a : values()) {
            if (a.column.equals(column)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no actor column '" + column + "'");
    }
}
