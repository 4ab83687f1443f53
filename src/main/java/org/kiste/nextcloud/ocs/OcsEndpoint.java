package org.kiste.nextcloud.ocs;

/** One OCS operation: returns the envelope's {@code data}, or throws {@link OcsException}. */
@FunctionalInterface
public interface OcsEndpoint {
    Object handle(OcsRequest request) throws java.io.IOException;
}
