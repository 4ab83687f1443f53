package org.kiste.authz;

/**
 * Who makes the request, seen from the things the matrix is about: a user's home folder and a team folder. Each
 * actor works on the place their role concerns ({@link World.Seat#area()}): the owner on a folder of their home,
 * team folder roles on the team folder, the other user on the owner's folder (through the owner's URL), the
 * non-member on the team folder's name in their own tree, the anonymous caller on the owner's folder.
 */
enum Actor {
    OWNER("owner"),
    VIEWER("viewer"),
    EDITOR("editor"),
    MANAGER("manager"),
    OTHER("other"),
    NON_MEMBER("nonmember"),
    ANONYMOUS("anonymous");

    final String column;

    Actor(String column) {
        this.column = column;
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
