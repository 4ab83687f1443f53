package org.kiste.clients;

/**
 * The PROPPATCH Windows Explorer and Microsoft Office send after every upload (clients.md §1): Win32 times as
 * RFC 1123 dates and the attributes as 8 hex digits, in {@code urn:schemas-microsoft-com:}, never with a lock token.
 */
final class Win32Props {
    static final String NS = "urn:schemas-microsoft-com:";

    private Win32Props() {}

    static String proppatch(String created, String accessed, String modified, String attributes) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\" ?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"" + NS + "\">"
                + "<D:set><D:prop>"
                + "<Z:Win32CreationTime>" + created + "</Z:Win32CreationTime>"
                + "<Z:Win32LastAccessTime>" + accessed + "</Z:Win32LastAccessTime>"
                + "<Z:Win32LastModifiedTime>" + modified + "</Z:Win32LastModifiedTime>"
                + "<Z:Win32FileAttributes>" + attributes + "</Z:Win32FileAttributes>"
                + "</D:prop></D:set></D:propertyupdate>";
    }

    /** Clark names of the four properties, for PROPFIND and assertions. */
    static String[] names() {
        return new String[] {
            "{" + NS + "}Win32CreationTime",
            "{" + NS + "}Win32LastAccessTime",
            "{" + NS + "}Win32LastModifiedTime",
            "{" + NS + "}Win32FileAttributes"
        };
    }

    /** The lockinfo body of the Microsoft stack: exclusive write, the Windows account as owner href. */
    static String lockinfo(String account) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\" ?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/>"
                + "</D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>" + account
                + "</D:href></D:owner></D:lockinfo>";
    }
}
