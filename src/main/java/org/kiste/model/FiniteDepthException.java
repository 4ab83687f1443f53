package org.kiste.model;

/**
 * A listing of a whole tree (PROPFIND {@code Depth: infinity}) the server does not give: too many entries, or asked
 * by a public link's visitor. RFC 4918 §9.1: 403 with the {@code propfind-finite-depth} precondition.
 */
public final class FiniteDepthException extends ForbiddenException {
    public FiniteDepthException(String message) {
        super(message);
    }
}
