package org.kiste.dav;

import io.milton.resource.Resource;
import java.io.IOException;
import java.io.InputStream;
import org.kiste.model.MethodNotAllowedException;

/**
 * A resource of the WebDAV tree, in the manner of SabreDAV's nodes: a file or folder of a user's tree (or a link's),
 * a chunk of an upload, an item in a trash bin, or a collection above them. Milton's resource factory returns these
 * ({@link DavTree}); the same handlers serve every kind, each node saying what it does with a method and refusing
 * (405) what it does not.
 */
public interface DavNode extends Resource {
    /** The node's href: absolute path, percent-encoded, a slash after a collection. */
    String href();

    /** False for an unmapped URL: nothing is there, but a PUT, MKCOL or LOCK may create something. */
    default boolean exists() {
        return true;
    }

    boolean isCollection();

    /** The strong entity tag, without quotes, or null. */
    default String etag() {
        return null;
    }

    /** The modification time in milliseconds, or -1. */
    default long lastModified() {
        return -1;
    }

    /** The methods this resource answers, for OPTIONS and for a 405's Allow. */
    String allow();

    /** Its live properties. */
    NodeProperties properties();

    /** Stores a file here (PUT). */
    default Outcome put(DavExchange x, InputStream body, long length) throws IOException {
        throw refused("PUT");
    }

    /** Creates a collection here (MKCOL). */
    default Outcome mkcol(DavExchange x) {
        throw refused("MKCOL");
    }

    default void delete(DavExchange x) {
        throw refused("DELETE");
    }

    /** MOVE of this node to {@code destination} (a node of the same tree, perhaps unmapped). */
    default Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        throw refused("MOVE");
    }

    /** COPY of this node to {@code destination}. */
    default Outcome copyTo(DavExchange x, DavNode destination, boolean overwrite, boolean deep) {
        throw refused("COPY");
    }

    /** Whether PROPPATCH reaches {@link #patch} (nodes outside the files trees). */
    default boolean patchable() {
        return false;
    }

    /**
     * PROPPATCH of a node outside the files trees: applies all of {@code ops} or none; returns the properties it
     * refuses (403, and nothing was changed), empty when all were applied.
     */
    default java.util.List<javax.xml.namespace.QName> patch(
            DavExchange x, java.util.List<org.kiste.files.PropPatch> ops) {
        throw refused("PROPPATCH");
    }

    /** A 405 naming what this resource does answer. */
    default MethodNotAllowedException refused(String method) {
        return new MethodNotAllowedException(method + " is not allowed here", allow());
    }

    // Milton's view of a resource: identity comes from the href, login happens before Milton is reached

    @Override
    default String getUniqueId() {
        return href();
    }

    @Override
    default String getName() {
        String h = href().endsWith("/") ? href().substring(0, href().length() - 1) : href();
        return h.substring(h.lastIndexOf('/') + 1);
    }

    @Override
    default Object authenticate(String user, String password) {
        return null;
    }

    @Override
    default boolean authorise(
            io.milton.http.Request request, io.milton.http.Request.Method method, io.milton.http.Auth auth) {
        return true;
    }

    @Override
    default String getRealm() {
        return "Kiste";
    }

    @Override
    default java.util.Date getModifiedDate() {
        return lastModified() < 0 ? null : new java.util.Date(lastModified());
    }

    @Override
    default String checkRedirect(io.milton.http.Request request) {
        return null;
    }
}
