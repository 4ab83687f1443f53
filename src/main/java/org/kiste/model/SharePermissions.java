package org.kiste.model;

/**
 * Nextcloud's share permission bits (1 read, 2 update, 4 create, 8 delete, 16 share) and how they map to what a
 * recipient may do ({@link Perms}) and back.
 */
public final class SharePermissions {
    public static final int READ = 1;
    public static final int UPDATE = 2;
    public static final int CREATE = 4;
    public static final int DELETE = 8;
    public static final int SHARE = 16;
    public static final int ALL = 31;
    /** A folder link that lets visitors read, change, add and delete. */
    public static final int READ_WRITE_LINK = READ | UPDATE | CREATE | DELETE;

    private SharePermissions() {}

    /** What a recipient may do inside a share with these bits. */
    public static Perms toPerms(int bits) {
        int p = 0;
        if ((bits & READ) != 0) {
            p |= Perms.READ;
        }
        if ((bits & UPDATE) != 0) {
            p |= Perms.WRITE | Perms.RENAME;
        }
        if ((bits & CREATE) != 0) {
            p |= Perms.CREATE;
        }
        if ((bits & DELETE) != 0) {
            p |= Perms.DELETE;
        }
        if ((bits & SHARE) != 0) {
            p |= Perms.SHARE;
        }
        return new Perms(p);
    }

    /** The bits a user with {@code p} on an item could grant (at most); create and delete only on folders. */
    public static int fromPerms(Perms p, boolean folder) {
        int bits = 0;
        if (p.can(Perms.READ)) {
            bits |= READ;
        }
        if (p.can(Perms.WRITE) || p.can(Perms.RENAME)) {
            bits |= UPDATE;
        }
        if (folder && p.can(Perms.CREATE)) {
            bits |= CREATE;
        }
        if (folder && p.can(Perms.DELETE)) {
            bits |= DELETE;
        }
        if (p.can(Perms.SHARE)) {
            bits |= SHARE;
        }
        return bits;
    }
}
