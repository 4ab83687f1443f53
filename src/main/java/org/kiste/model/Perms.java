package org.kiste.model;

/**
 * What the acting principal may do with a node, as a bit set. The letters follow Nextcloud's
 * {@code oc:permissions} so the Nextcloud door can print them directly.
 */
public record Perms(int bits) {
    public static final int READ = 1;
    public static final int WRITE = 2; // change a file's content
    public static final int CREATE = 4; // add children to a folder
    public static final int DELETE = 8;
    public static final int RENAME = 16; // rename or move
    public static final int SHARE = 32;

    public static final Perms ALL = new Perms(READ | WRITE | CREATE | DELETE | RENAME | SHARE);
    public static final Perms READ_ONLY = new Perms(READ);

    public boolean can(int bit) {
        return (bits & bit) == bit;
    }

    public void require(int bit, String what) {
        if (!can(bit)) {
            throw new ForbiddenException("not allowed to " + what);
        }
    }
}
