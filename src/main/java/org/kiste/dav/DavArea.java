package org.kiste.dav;

/**
 * A part of the WebDAV URL space served by nodes of its own, beside the files trees: Nextcloud's chunked uploads,
 * the trash bin (and file versions later). The login has happened when it is asked.
 */
public interface DavArea {
    /** Whether {@code rawPath} (below the context path, still percent-encoded) lies in this area. */
    boolean owns(String rawPath);

    /** The node at {@code rawPath}: an unmapped one where something may be created, otherwise 404 when nothing is. */
    DavNode resolve(DavExchange x, String rawPath);

    /** The methods the kind of resource at {@code rawPath} answers, told without a login or a lookup (OPTIONS). */
    String allow(String rawPath);
}
