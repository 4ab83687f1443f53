package org.kiste.authz;

/** An operation of the matrix, named as in the table's first column. */
enum Op {
    // WebDAV; "area" is the folder the actor's role concerns, "home" the actor's own folder
    /** PROPFIND Depth 1 of the area */
    LIST("list"),
    /** PROPFIND Depth 1 of the folder that holds the area */
    LIST_PARENT("list-parent"),
    /** PROPFIND Depth 1 of {@code /remote.php/dav/files/} */
    LIST_USERS("list-users"),
    /** SEARCH (basicsearch) for names with the world's tag below the tree that holds the area */
    SEARCH("search"),
    /** SEARCH below the area for its secret file, with {@code oc:permissions}: the letters PROPFIND shows */
    SEARCH_AREA("search-area"),
    /** GET of a file in the area */
    READ("read"),
    /** PROPFIND Depth 0 of {@code oc:permissions} of a file in the area: what clients offer */
    PERMISSIONS("permissions"),
    /** PUT over a file in the area */
    WRITE("write"),
    /** PUT of a new file in the area */
    CREATE("create"),
    /** MKCOL in the area */
    MKCOL("mkcol"),
    /** DELETE of a file in the area */
    DELETE("delete"),
    /** MOVE of a file to a new name in the area */
    RENAME("rename"),
    /** MOVE of a file from the actor's home into the area */
    MOVE_IN("move-in"),
    /** COPY of a file from the actor's home into the area */
    COPY_IN("copy-in"),
    /** MOVE of a file from the area into the actor's home */
    MOVE_OUT("move-out"),
    /** COPY of a file from the area into the actor's home */
    COPY_OUT("copy-out"),
    /** LOCK (exclusive write) of a file in the area */
    LOCK("lock"),
    /** PUT over a file in the area that another client has locked, without its token */
    LOCKED_WRITE("locked-write"),
    /** PROPPATCH of a dead property on a file in the area */
    PROPPATCH("proppatch"),
    /** DELETE, by a recipient, of a folder shared with them (a share of its own, made for the row) */
    UNSHARE("unshare"),
    /** MOVE, by a recipient, of a folder shared with them (a share of its own) into a folder of their own */
    KEEP_IN_FOLDER("keep-in-folder"),
    /** MOVE of a file from the home into a team folder (or a share) without room for it */
    MOVE_IN_FULL("move-in-full"),
    /** COPY of a file from the home into a team folder (or a share) without room for it */
    COPY_IN_FULL("copy-in-full"),
    /** MOVE of a file larger than the home's free space from the area into the home */
    MOVE_OUT_FULL("move-out-full"),
    /** COPY of a file larger than the home's free space from the area into the home */
    COPY_OUT_FULL("copy-out-full"),

    // OCS
    /** GET cloud/capabilities */
    CAPABILITIES("capabilities"),
    /** GET cloud/user */
    USER("user"),
    /** GET cloud/users/{owner} */
    USER_RECORD("user-record"),
    /** POST files_sharing shares: a file of the area with another user, read-only (permissions 1) */
    SHARE("share"),
    /** the same with read and update (permissions 3): more than a read-only reshare may give */
    SHARE_RW("share-rw"),
    /** the same as a public link (shareType 3, read-only) */
    SHARE_LINK("share-link"),

    // public link page
    /** GET /s/{token} */
    PAGE("page"),
    /** GET /s/{token}/download?path=/{file in the linked folder} */
    PAGE_DOWNLOAD("page-download");

    final String label;

    Op(String label) {
        this.label = label;
    }

    static Op ofLabel(String label) {
        for (Op o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no operation '" + label + "'");
    }
}
